using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ChainNode.Ledger.Hashing;

/// <summary>
/// SHA-256 for the many short inputs a node hashes (tx bodies, Merkle leaves and nodes, about
/// 30 calls per tx across a 4-validator network). .NET's one-shot hash goes through OpenSSL's
/// provider layer, which costs about 1 µs per call whatever the length; the same libcrypto's
/// plain SHA256_Init/Update/Final (still SHA-NI accelerated) take 80-180 ns for 33-130 bytes.
/// Where those functions cannot be found, or give a wrong answer to a known input, this falls
/// back to <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>.
/// </summary>
public static unsafe class Sha256
{
    public const int DigestLength = 32;

    // OpenSSL's SHA256_CTX is 112 bytes; give it room to spare.
    private const int ContextBytes = 128;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

    static Sha256()
    {
        if (!NativeLibrary.TryLoad("libcrypto.so.3", typeof(Sha256).Assembly, null, out var library)
            || !NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
            || !NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
            || !NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            return;
        Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
        Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
        Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
        IsNative = AgreesWithDotNet();
    }

    /// <summary>True if hashing goes straight to libcrypto's SHA256 functions.</summary>
    public static bool IsNative { get; }

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => Hash(data, [], digest);

    /// <summary>SHA-256 of <paramref name="first"/> followed by <paramref name="second"/>, without joining them.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        if (digest.Length < DigestLength)
            throw new ArgumentException($"The digest needs {DigestLength} bytes, got {digest.Length}.", nameof(digest));
        if (!IsNative)
        {
            HashManaged(first, second, digest);
            return;
        }
        var context = stackalloc byte[ContextBytes];
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* output = digest)
        {
            _ = Init(context);
            _ = Update(context, a, (nuint)first.Length);
            if (second.Length > 0)
                _ = Update(context, b, (nuint)second.Length);
            _ = Final(output, context);
        }
    }

    private static void HashManaged(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        if (second.IsEmpty)
        {
            SHA256.HashData(first, digest);
            return;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first);
        hash.AppendData(second);
        hash.GetHashAndReset(digest);
    }

    // Checked once, in the static constructor: inputs around the 55/56-byte padding edge and
    // longer than a block, split in two.
    private static bool AgreesWithDotNet()
    {
        Span<byte> input = stackalloc byte[200];
        for (var i = 0; i < input.Length; i++)
            input[i] = (byte)(i * 7 + 1);
        Span<byte> expected = stackalloc byte[DigestLength];
        Span<byte> actual = stackalloc byte[DigestLength];
        var context = stackalloc byte[ContextBytes];
        foreach (var length in (ReadOnlySpan<int>)[0, 1, 55, 56, 64, 65, 200])
        {
            SHA256.HashData(input[..length], expected);
            fixed (byte* data = input)
            fixed (byte* output = actual)
            {
                _ = Init(context);
                _ = Update(context, data, (nuint)(length / 2));
                _ = Update(context, data + length / 2, (nuint)(length - length / 2));
                _ = Final(output, context);
            }
            if (!actual.SequenceEqual(expected))
                return false;
        }
        return true;
    }
}
