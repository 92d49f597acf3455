public import Crypto

/// What is known of one person's data key.
public enum DataKeyState: Sendable {
    /// The key, unwrapped.
    case active(SymmetricKey)
    /// The key was destroyed: the person's sealed data is gone for good.
    case erased
    /// No key was ever made for the person (nothing of theirs was sealed).
    case absent
}
