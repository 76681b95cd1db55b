package org.mlengine.runtime.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Ed25519 signing and verification with the JDK's own provider.
 *
 * <pre>{@code
 * KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
 * byte[] signature = Signatures.sign(keys.getPrivate(), message);
 * boolean valid = Signatures.verify(keys.getPublic(), message, signature);   // true
 * }</pre>
 */
public final class Signatures {
  static final String ALGORITHM = "Ed25519";

  private Signatures() {}

  public static boolean isEd25519(java.security.Key key) {
    return key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals(ALGORITHM);
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    if (!isEd25519(key)) {
      throw new IllegalArgumentException("key algorithm is " + key.getAlgorithm()
          + "; sign bundles with an Ed25519 key, e.g. KeyPairGenerator.getInstance(\"Ed25519\").generateKeyPair()");
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
