/**
 * Internal: the runtime's engine (compiled model forms, the row scorer, the feature matrix, JSON
 * and CSV parsing, the in-memory history, the Tribuo seam for legacy bundles, the special
 * functions mlengine-eval and mlengine-serving share ({@code SpecialFunctions}), and {@code
 * RuntimeAccess}, through which mlengine's own modules reach the engine members of the API
 * types). Not API; no compatibility promise: everything here may change or move in any release.
 */
package org.mlengine.runtime.internal;
