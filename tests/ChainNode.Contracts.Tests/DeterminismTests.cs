using System.Text.RegularExpressions;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Host;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Contracts.Tests;

[TestClass]
public sealed partial class DeterminismTests
{
    [TestMethod]
    public void The_same_contract_block_gives_the_same_root_receipts_and_gas_on_fresh_stores()
    {
        // Build a block of deploys and calls with one harness, then re-execute it on two fresh stores.
        using var builder = new ContractHarness();
        var token = ContractHarness.Example("token");
        var voting = ContractHarness.Example("voting");
        var tokenAddress = ContractKeys.ContractAddress(ContractHarness.Member(0), 0);
        var votingAddress = ContractKeys.ContractAddress(ContractHarness.Member(1), 0);
        var txs = new List<SignedTx>
        {
            builder.Sign(0, b => b.Deploy = new ContractDeploy { Code = ByteString.CopyFrom(token.Module), Input = ByteString.CopyFrom(AbiCodec.Encode([(AbiType.U256, ContractHarness.Int(1_000_000))])) }, 5_000_000),
            builder.Sign(1, b => b.Deploy = new ContractDeploy { Code = ByteString.CopyFrom(voting.Module), Input = ByteString.CopyFrom(AbiCodec.Encode([(AbiType.U256, ContractHarness.Int(4))])) }, 5_000_000),
        };
        for (var i = 0; i < 20; i++)
            txs.Add(builder.Sign(0, b => b.Call = new ContractCall { Contract = tokenAddress.ToByteString(), Input = ByteString.CopyFrom(ContractHarness.CallData(token, "transfer", [ContractHarness.Addr(ContractHarness.Member(1 + i % 3)), ContractHarness.Int((ulong)i * 7)])) }, 200_000));
        txs.Add(builder.Sign(2, b => b.Call = new ContractCall { Contract = tokenAddress.ToByteString(), Input = ByteString.CopyFrom(ContractHarness.CallData(token, "mint", [ContractHarness.Addr(ContractHarness.Member(2)), ContractHarness.Int(1)])) }, 200_000));
        txs.Add(builder.Sign(3, b => b.Call = new ContractCall { Contract = votingAddress.ToByteString(), Input = ByteString.CopyFrom(ContractHarness.CallData(voting, "vote", [ContractHarness.Int(3)])) }, 21_100));
        txs.Add(builder.Sign(4, b => b.Call = new ContractCall { Contract = votingAddress.ToByteString(), Input = ByteString.CopyFrom(ContractHarness.CallData(voting, "vote", [ContractHarness.Int(2)])) }, 200_000));

        var first = ExecuteOnFreshStore(txs);
        var second = ExecuteOnFreshStore(txs);
        Assert.AreEqual(first.StateRoot, second.StateRoot);
        CollectionAssert.AreEqual(first.Receipts.ToList(), second.Receipts.ToList());
        Assert.AreEqual(ReceiptStatus.Failed, first.Receipts[22].Status, "the non-owner mint reverts");
        StringAssert.StartsWith(first.Receipts[23].Error, "out of gas");
        Assert.AreEqual(ReceiptStatus.Success, first.Receipts[24].Status);
    }

    private static ExecutionResult ExecuteOnFreshStore(IReadOnlyList<SignedTx> txs)
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), ContractHarness.Network.Genesis, initializeIfEmpty: true);
        var header = new BlockHeader
        {
            ChainId = ContractHarness.Network.Genesis.ChainId,
            Height = 1,
            PreviousHash = chain.HeadBlock.Hash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString(),
            Proposer = ContractHarness.Network.ValidatorKeys[0].Address.ToByteString(),
            TimestampMs = 1_700_000_000_000,
        };
        var executor = new BlockExecutor(ContractHarness.Network.Genesis.ChainId, new TransactionExecutor(new ContractRuntime()));
        return executor.Execute(DecodedBlock.Create(header, txs), chain.State, new Hash32(chain.Head.StateRoot.Span));
    }

    [TestMethod]
    public void Contract_code_uses_no_floating_point_or_dictionary_order()
    {
        // Clock, randomness, threads, tasks, files and sockets are banned by the analyzer at build
        // time (build/BannedSymbols.Determinism.txt); what it cannot see, keywords and iteration
        // order, is scanned here.
        var banned = FloatingPoint();
        var problems = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "contracts"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            scanned++;
            var text = File.ReadAllText(file);
            var dictionaries = DictionaryField().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet();
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                    continue;
                if (banned.Match(line) is { Success: true } hit)
                    problems.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: uses {hit.Value}");
                foreach (var name in dictionaries)
                {
                    if (Regex.IsMatch(line, $@"foreach\s*\(.*\bin\s+{Regex.Escape(name)}\b|\b{Regex.Escape(name)}\.(Keys|Values|Select|Where|OrderBy|First|ToList|ToArray|Aggregate)\b"))
                        problems.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: iterates dictionary {name}");
                }
            }
        }
        Assert.IsTrue(scanned >= 20, $"only {scanned} files found under contracts/");
        Assert.AreEqual(0, problems.Count, string.Join('\n', problems));
    }

    private static Regex FloatingPoint() => new(@"\b(double|float|decimal|Math\.(Sqrt|Pow|Log|Exp|Sin|Cos))\b");

    [GeneratedRegex(@"Dictionary<[^;=]*>\s+(?<name>_?\w+)\s*[=;]")]
    private static partial Regex DictionaryField();
}
