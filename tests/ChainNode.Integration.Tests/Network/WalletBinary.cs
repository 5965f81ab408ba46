namespace ChainNode.Integration.Tests.Network;

/// <summary>
/// chain-wallet as its own build ships it. Not the copy in this test project's folder: that
/// folder is laid out for the node (the ASP.NET shared framework supplies libraries there that the
/// wallet, a plain console program, carries itself), so the wallet could not start from it.
/// </summary>
internal static class WalletBinary
{
    public static string Dll { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "ChainNode.Integration.Tests"), "wallet", StringComparison.Ordinal), "chain-wallet.dll");
}
