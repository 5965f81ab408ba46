using System.Globalization;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Microsoft.Playwright;

namespace ChainNode.Integration.Tests.Explorer;

/// <summary>
/// The explorer page in Debian's chromium (headless, driven by Playwright) against a running
/// 4-validator network. Screenshots are attached to the test results.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Browser")]
public sealed class ExplorerBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_dashboard_updates_live_and_tx_account_and_block_pages_show_what_the_chain_holds()
    {
        Assert.IsTrue(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (scripts/test.sh does)");
        await using var net = await LocalNetwork.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        try
        {
            await page.GotoAsync(net.Description.Nodes[0].HttpUrl + "/");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=height]')?.textContent !== '—'");
            var before = Number(await page.TextContentAsync("[data-testid=height]"));
            await Screenshot(page, "dashboard-before");

            var recipient = PrivateKey.Generate().Address;
            var tx = net.Transfer(0, recipient, 4321);
            await net.Clients[2].SubmitTxAsync(tx);
            var hash = TransactionCodec.HashOf(tx).ToString();
            var committed = await Eventually.Async(() => net.Clients[0].GetTxAsync(TransactionCodec.HashOf(tx).ToArray())!, r => r?.Status == TxStatus.Committed,
                LocalNetwork.Patience, "the transfer to commit");
            await page.WaitForFunctionAsync("h => Number(document.querySelector('[data-testid=height]').textContent.replace(/,/g, '')) > h", (double)before);
            Assert.AreEqual("live", await page.TextContentAsync("[data-testid=connection]"));
            await Screenshot(page, "dashboard-after");

            await Search(page, hash);
            await page.WaitForSelectorAsync("[data-testid=tx-status]");
            Assert.AreEqual("committed", await page.TextContentAsync("[data-testid=tx-status]"));
            Assert.AreEqual("4,321", await page.TextContentAsync("[data-testid=tx-amount]"));
            await Screenshot(page, "tx");

            await Search(page, recipient.ToString());
            await page.WaitForSelectorAsync("[data-testid=balance]");
            Assert.AreEqual("4,321", await page.TextContentAsync("[data-testid=balance]"));
            Assert.AreEqual(1, await page.Locator("main table tbody tr").CountAsync(), "the recipient's history holds the transfer");
            await Screenshot(page, "account");

            await Search(page, committed.BlockHeight.ToString(CultureInfo.InvariantCulture));
            await page.WaitForSelectorAsync("[data-testid=signer]");
            var signers = await page.Locator("[data-testid=signer]").CountAsync();
            Assert.IsTrue(signers is 3 or 4, $"{signers} certificate signers shown");
            StringAssert.Contains(await page.InnerTextAsync("[data-testid=validator-set]"), "from height 1 (validator-0, validator-1, validator-2, validator-3; quorum 3)");
            await Screenshot(page, "block");

            // Governance: the validators and members in force, and the proposals page.
            await page.GotoAsync(net.Description.Nodes[0].HttpUrl + "/#/validators");
            await page.WaitForSelectorAsync("[data-testid=member]");
            Assert.AreEqual(4, await page.Locator("[data-testid=validator]").CountAsync());
            Assert.AreEqual(net.Members.Length, await page.Locator("[data-testid=member]").CountAsync());
            StringAssert.Contains(await page.InnerTextAsync("[data-testid=epoch]"), "4 validators in force from height 1");
            await Screenshot(page, "validators");
            await page.GotoAsync(net.Description.Nodes[0].HttpUrl + "/#/governance");
            await page.WaitForSelectorAsync("[data-testid=no-proposals], [data-testid=proposals]");
            await Screenshot(page, "governance");

            await Search(page, "no-such-thing");
            StringAssert.Contains(await page.TextContentAsync("[data-testid=not-found]"), "Not found");

            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(net.Description.Nodes[0].HttpUrl + "/#/");
            await page.WaitForSelectorAsync("#validators tr");
            Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the dashboard overflows a phone-width screen");
            await Screenshot(page, "dashboard-phone");
            Assert.AreEqual(0, errors.Count, "console errors: " + string.Join(" | ", errors));

            // The node behind the page restarts: the page says so, then resumes by itself.
            await net.Nodes[0].StopAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=connection]').textContent.startsWith('reconnecting')");
            await Screenshot(page, "reconnecting");
            net.Nodes[0].Start();
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=connection]').textContent === 'live'", null, new PageWaitForFunctionOptions { Timeout = 90_000 });
            var resumed = Number(await page.TextContentAsync("[data-testid=height]"));
            await page.WaitForFunctionAsync("h => Number(document.querySelector('[data-testid=height]').textContent.replace(/,/g, '')) > h", (double)resumed, new PageWaitForFunctionOptions { Timeout = 90_000 });

            // The admin removes validator-3: the governance page lists the proposal, and a block after
            // the switch names the three-validator set that signed it.
            var removal = LocalNetwork.Sign(net.Members[0], new TxBody
            {
                ChainId = net.Genesis.ChainId,
                SenderPublicKey = net.Members[0].PublicKey.ToByteString(),
                Nonce = 1,
                GasLimit = GasSchedule.Governance,
                Propose = new GovernancePropose { Action = new GovernanceAction { ValidatorRemove = "validator-3" } },
            });
            await net.Clients[0].SubmitTxAsync(removal);
            var proposal = await Eventually.Async(async () => (await net.Clients[0].ListProposalsAsync(includeClosed: true)).Proposals.FirstOrDefault(),
                p => p?.Status == ProposalStatus.Executed, LocalNetwork.Patience, "the removal to execute");
            var after = proposal!.TakesEffectHeight + 1;
            await net.WaitForHeightAsync(0, after);
            await page.GotoAsync(net.Description.Nodes[0].HttpUrl + "/#/governance");
            await page.WaitForSelectorAsync("[data-testid=proposals]");
            StringAssert.Contains(await page.InnerTextAsync("[data-testid=proposals]"), "validator-3");
            await Screenshot(page, "governance-executed");
            await Search(page, after.ToString(CultureInfo.InvariantCulture));
            await page.WaitForSelectorAsync("[data-testid=validator-set]");
            StringAssert.Contains(await page.InnerTextAsync("[data-testid=validator-set]"),
                $"from height {proposal.TakesEffectHeight} (validator-0, validator-1, validator-2; quorum 2)");
            await Screenshot(page, "block-new-set");
        }
        catch
        {
            await Screenshot(page, "failure");
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static async Task Search(IPage page, string query)
    {
        await page.FillAsync("[data-testid=search-input]", query);
        await page.ClickAsync("[data-testid=search-button]");
    }

    private static ulong Number(string? text) => ulong.Parse((text ?? "").Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private async Task Screenshot(IPage page, string name)
    {
        var directory = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "explorer-screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddResultFile(path);
    }
}
