package org.mlengine.runtime;

import org.mlengine.runtime.internal.Signatures;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Which bundles a loader accepts. Every bundle's entries must match the checksums in its
 * manifest; {@link #requireSignedBy(PublicKey...)} also demands an Ed25519 signature over the
 * manifest by one of the given keys, checked before the manifest is parsed.
 *
 * <pre>{@code
 * KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
 * result.bundle().sign(keys.getPrivate()).save(path);
 * Predictor p = Predictor.load(path, TrustPolicy.requireSignedBy(keys.getPublic()));
 * }</pre>
 */
public final class TrustPolicy {
  private static final TrustPolicy CHECKSUMS_ONLY = new TrustPolicy(List.of());

  private final List<PublicKey> keys;

  private TrustPolicy(List<PublicKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Accepts any intact bundle: every entry must match its checksum; no signature is needed. */
  public static TrustPolicy checksumsOnly() {
    return CHECKSUMS_ONLY;
  }

  /** Accepts only bundles signed (Ed25519) by one of these keys. */
  public static TrustPolicy requireSignedBy(PublicKey... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("requireSignedBy needs at least one public key; pass the Ed25519 key of each trusted signer");
    }
    for (PublicKey k : keys) {
      Objects.requireNonNull(k, "public key");
      if (!Signatures.isEd25519(k)) {
        throw new IllegalArgumentException("key algorithm is " + k.getAlgorithm() + "; bundles are signed with Ed25519 (EdDSA) keys");
      }
    }
    return new TrustPolicy(List.of(keys));
  }

  /** Whether a signature is required. */
  public boolean requiresSignature() {
    return !keys.isEmpty();
  }

  List<PublicKey> keys() {
    return keys;
  }

  @Override
  public String toString() {
    return keys.isEmpty() ? "TrustPolicy[checksums only]" : "TrustPolicy[signed by one of " + keys.size() + " keys]";
  }
}
