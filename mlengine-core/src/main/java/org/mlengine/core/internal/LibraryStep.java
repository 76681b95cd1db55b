package org.mlengine.core.internal;

import org.mlengine.core.spi.Extractor;

/**
 * Marks a feature step of this library: one whose output holds its input's columns and arrays it
 * made itself, nothing a caller still reads. {@code Pipeline.fit} lets such a step write over the
 * arrays of the fit's own training table, and hands it one-hot columns held as 0/1 bytes; any
 * other {@link Extractor} (a user's, wherever its package) gets plain columns and a context that
 * does not own its table (issue #15).
 *
 * <pre>{@code
 * abstract class Step implements Extractor, LibraryStep { ... }   // org.mlengine.features
 * }</pre>
 */
public interface LibraryStep {}
