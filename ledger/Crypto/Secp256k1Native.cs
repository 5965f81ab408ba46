using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChainNode.Native;

namespace ChainNode.Ledger.Crypto;

/// <summary>
/// P/Invoke declarations for Debian's libsecp256k1 0.2 (libsecp256k1-1). Opaque structs
/// (secp256k1_pubkey, secp256k1_ecdsa_signature) are 64-byte buffers owned by the caller.
/// </summary>
internal static unsafe partial class Secp256k1Native
{
    public const string Library = "libsecp256k1.so.1";

    /// <summary>Loaded through <see cref="NativeDependency"/> so a missing library is one clear sentence.</summary>
    public static readonly NativeDependency Dependency = new(Library, "libsecp256k1-1");

    // The one hook that runs before any P/Invoke of this assembly resolves.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Must run before the first P/Invoke.")]
    internal static void RouteImports() => NativeLibraryResolver.Route(typeof(Secp256k1Native).Assembly, Dependency);

    public const uint ContextNone = 1;
    public const uint EcCompressed = (1 << 1) | (1 << 8);
    public const int OpaqueSize = 64;

    [LibraryImport(Library, EntryPoint = "secp256k1_context_create")]
    public static partial nint ContextCreate(uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_randomize")]
    public static partial int ContextRandomize(nint ctx, byte* seed32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_verify")]
    public static partial int SecretKeyVerify(nint ctx, byte* secretKey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_create")]
    public static partial int PublicKeyCreate(nint ctx, byte* publicKey, byte* secretKey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_parse")]
    public static partial int PublicKeyParse(nint ctx, byte* publicKey, byte* input, nuint inputLength);

    // Serializers always return 1 for a parsed input.
    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_serialize")]
    public static partial int PublicKeySerialize(nint ctx, byte* output, nuint* outputLength, byte* publicKey, uint flags);

    // noncefp = NULL selects the library's RFC 6979 nonce function.
    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_sign")]
    public static partial int EcdsaSign(nint ctx, byte* signature, byte* messageHash32, byte* secretKey, nint nonceFunction, nint nonceData);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_parse_compact")]
    public static partial int SignatureParseCompact(nint ctx, byte* signature, byte* input64);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_serialize_compact")]
    public static partial int SignatureSerializeCompact(nint ctx, byte* output64, byte* signature);

    // Rejects high-S signatures: exactly this chain's malleability rule.
    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_verify")]
    public static partial int EcdsaVerify(nint ctx, byte* signature, byte* messageHash32, byte* publicKey);
}
