namespace ChainNode.Wallet.Cli;

/// <summary>A failure reported to the user as one line and an exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class WalletException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>chain-wallet's exit codes, documented in docs/wallet.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The tx was committed but failed (reverted, out of gas), a query failed, or `verify` found the signature invalid.</summary>
    public const int Failed = 1;
    /// <summary>Bad usage or malformed input (an address, amount, hex string, argument).</summary>
    public const int BadInput = 2;
    /// <summary>The node refused the request (rejected tx, unknown tx or block).</summary>
    public const int Rejected = 3;
    /// <summary>The node could not be reached.</summary>
    public const int Unreachable = 4;
    /// <summary>--wait gave up before the tx was committed.</summary>
    public const int Timeout = 5;
    /// <summary>Keystore problem: unknown key, wrong passphrase, no passphrase available.</summary>
    public const int Keystore = 6;
}
