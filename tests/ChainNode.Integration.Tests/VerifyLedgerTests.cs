using System.Text.Json;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Node.Home;
using ChainNode.Node.Hosting;
using ChainNode.Storage.LevelDb;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Integration.Tests;

/// <summary>`chainnode verify-ledger` against LevelDB ledgers written here, some corrupted underneath the ledger.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class VerifyLedgerTests : IDisposable
{
    private const int Blocks = 12;
    private readonly TempDirectory _dir = new("verify-ledger");
    private readonly TestNetwork _network = new();
    private readonly NodeHome _home;

    public VerifyLedgerTests()
    {
        _home = new NodeHome(_dir.Combine("home"));
        Directory.CreateDirectory(_home.Path);
        File.WriteAllText(_home.GenesisFile, GenesisLoader.Serialize(_network.Document));
        using var ledger = NodeLedger.OpenLevelDb(_home.DataDirectory, _network.Genesis, createIfMissing: true);
        new TestChainBuilder(_network, ledger.Chain).Extend(Blocks, txsPerBlock: 20);
    }

    public void Dispose() => _dir.Dispose();

    // Rewrites one stored block (body and certificate) through the raw LevelDB store, bypassing the append-only ledger API.
    private void TamperWithBlock(ulong height, Action<FinalizedBlock> change)
    {
        using var db = LedgerDatabase.Open(LevelDbStore.Open(_home.DataDirectory, createIfMissing: false));
        var raw = db.Chain;
        var block = new FinalizedBlock
        {
            Block = Block.Parser.ParseFrom(raw.Get(StoreKeys.Body(height))),
            Certificate = CommitCertificate.Parser.ParseFrom(raw.Get(StoreKeys.Certificate(height))),
        };
        change(block);
        using var batch = raw.CreateBatch();
        batch.Put(StoreKeys.Body(height), block.Block.ToByteArray());
        batch.Put(StoreKeys.Certificate(height), block.Certificate.ToByteArray());
        raw.Write(batch, sync: true);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task An_intact_ledger_passes()
    {
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path);
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardOutput, $"ledger OK: blocks 0..{Blocks} and {Blocks * 20} transactions verified");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_tampered_transaction_is_caught_at_its_height()
    {
        TamperWithBlock(7, block =>
        {
            var body = TxBody.Parser.ParseFrom(block.Block.Transactions[3].Body);
            body.Transfer.Amount = 1_000_000;
            block.Block.Transactions[3].Body = body.ToByteString();
        });
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path);
        Assert.AreEqual(1, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardOutput, "first bad height 7: tx root");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_dropped_certificate_signature_is_caught_and_reported_as_json()
    {
        TamperWithBlock(4, block => block.Certificate.Signatures.RemoveAt(0));
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path, "--json");
        Assert.AreEqual(1, result.ExitCode, result.StandardOutput + result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.IsFalse(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.AreEqual(4, json.RootElement.GetProperty("firstBadHeight").GetInt32());
        StringAssert.Contains(json.RootElement.GetProperty("problem").GetString(), "quorum");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_forged_signature_inside_a_consistent_block_is_caught()
    {
        // Re-sign nothing: swap two txs' signatures and recompute nothing else. The tx root
        // covers signatures, so the header no longer matches.
        TamperWithBlock(9, block =>
        {
            var txs = block.Block.Transactions;
            (txs[0].Signature, txs[1].Signature) = (txs[1].Signature, txs[0].Signature);
        });
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path);
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.StandardOutput, "first bad height 9");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Garbage_bytes_in_a_block_record_are_caught()
    {
        using (var db = LedgerDatabase.Open(LevelDbStore.Open(_home.DataDirectory, createIfMissing: false)))
        {
            var raw = db.Chain;
            using var batch = raw.CreateBatch();
            batch.Put(StoreKeys.Body(5), [0xde, 0xad, 0xbe, 0xef]);
            raw.Write(batch, sync: true);
        }
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path);
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.StandardOutput, "first bad height 5: The stored block 5 is unreadable");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_home_without_a_ledger_is_a_clear_error()
    {
        Directory.Delete(_home.DataDirectory, recursive: true);
        var result = await ChainnodeProcess.RunAsync("verify-ledger", "--home", _home.Path);
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.StandardError, "has no data/ folder");
    }
}
