using System.Globalization;
using Kosmo.Backtest;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Cli.Tests.Reliability;
using Kosmo.Core;

namespace Kosmo.Cli.Tests.Live;

/// <summary>
/// <c>kosmo fit</c> and <c>kosmo predict</c> on the synthetic market: a date after the run's data, computed from a short
/// window with the saved processors and models, against the same models on features computed from the whole history.
/// </summary>
[Collection("console")]
public sealed class LivePredictionTests(LiveMarketFixture market) : IClassFixture<LiveMarketFixture>
{
    private static readonly IReadOnlyDictionary<string, (long Shares, DateOnly? Entry)> _none = new Dictionary<string, (long, DateOnly?)>();

    [Theory]
    [InlineData("tft_lite")]
    [InlineData("logistic")]
    [InlineData("momentum_20d")]
    public void Predict_Should_MatchTheFullHistoryComputation_When_TheDateIsAfterTheRunsData(string model)
    {
        // Given the fitted model set and a database a quarter longer than the run's data
        // When the latest date is predicted from a short window
        var live = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, null, model, null, _none), _ => { });

        // Then the date is the database's last, after the run's data and after every training sample: no in-sample warning
        live.Date.Should().Be(market.Calendar[^1]);
        live.Date.Should().BeAfter(market.RunEnd);
        live.Origin.Description.Should().Contain(market.Set.Id);
        live.Warnings.Should().NotContain(w => w.Contains("in sample"));

        // And the probabilities equal those of the same model on features built from the whole history (the direct computation)
        var config = market.Config with { Data = market.Config.Data with { To = null } };
        var full = PrepareStep.Run(config, PanelSource.Load(config.Data, _ => { }), _ => { });
        var t = full.Panel.DateCount - 1;
        full.Panel.Dates[t].Should().Be(live.Date);
        var T = full.Panel.DateCount;
        var members = Enumerable.Range(0, full.Panel.CodeCount).Where(i => full.UniverseMask[(i * T) + t]).ToList();
        var (p, _) = LiveModels.Predict(market.RunDir, full, market.Set, model, t, members, _ => { });
        var direct = members.Select((i, r) => (Code: full.Panel.Codes[i], P: p[(r * 3)..((r * 3) + 3)])).Where(x => float.IsFinite(x.P[0])).ToDictionary(x => x.Code, x => x.P);
        live.Signals.Should().HaveCount(direct.Count).And.HaveCountGreaterThan(10);
        foreach (var s in live.Signals)
        {
            s.PDown.Should().BeApproximately(direct[s.Code][0], 1e-5f, s.Code);
            s.PFlat.Should().BeApproximately(direct[s.Code][1], 1e-5f, s.Code);
            s.PUp.Should().BeApproximately(direct[s.Code][2], 1e-5f, s.Code);
        }

        live.Signals.Select(s => s.PUp).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Predict_Should_WarnInSample_When_TheDateIsInsideTheTrainingData()
    {
        // Given the last date of a training sample of the model set (its forward return is among the training labels)
        var trained = market.Calendar.Last(d => d <= market.Set.Until);
        var live = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, trained, "logistic", null, _none), _ => { });

        // Then the list is made but flagged as in sample
        live.Date.Should().Be(trained);
        live.Warnings.Should().Contain(w => w.StartsWith("in sample", StringComparison.Ordinal));

        // And a signal on the day the training labels end (its forward return starts after every training label) is not
        var unseen = market.Calendar.First(d => d >= market.Set.LabelsEnd);
        var next = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, unseen, "logistic", null, _none), _ => { });
        next.Date.Should().Be(unseen);
        next.Warnings.Should().NotContain(w => w.StartsWith("in sample", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_Should_StoreAVersionedSetWithChecksums_When_RefittingOnAllData()
    {
        // Given the set kosmo fit wrote
        var set = ModelSet.Current(market.RunDir)!;

        // Then it is current, holds every model of the run with its checksum, the features and the processors
        set.Id.Should().Be(market.Set.Id);
        set.Models.Select(m => m.Name).Should().Equal("tft_lite", "logistic", "momentum_20d");
        set.Models.Select(m => m.Kind).Should().Equal("window", "logistic", "momentum_rule");
        foreach (var m in set.Models)
        {
            ModelSet.Sha256Of(Path.Combine(set.Dir, m.File)).Should().Be(m.Sha256);
        }

        File.Exists(Path.Combine(set.Dir, RunProcessors.FileName)).Should().BeTrue();
        set.FeatureNames.Should().Equal(RunProcessors.Read(Path.Combine(market.RunDir, RunProcessors.FileName)).FeatureNames);

        // And it used data past the run's end: samples up to the last complete label minus the embargo
        set.DataLast.Should().Be(market.Calendar[^1]);
        set.Until.Should().BeAfter(market.RunEnd);
        var lastSample = market.Calendar.Count - 1 - market.Config.Labels.Horizon;
        set.Until.Should().Be(market.Calendar[lastSample - market.Config.Split.EmbargoDays]);
        set.TrainSamples.Should().BeGreaterThan(0);
        set.ValidationSamples.Should().BeGreaterThan(0);

        // And a changed weight file is refused by its checksum
        var copy = Path.Combine(market.Root, "tampered");
        CopyDir(set.Dir, copy);
        File.AppendAllText(Path.Combine(copy, "logistic", "model.json"), " ");
        var tampered = ModelSet.Read(Path.Combine(copy, "manifest.json"));
        FluentActions.Invoking(() => tampered.Verified(tampered.Find("logistic")!)).Should().Throw<DataValidationException>().WithMessage("*checksum*");
    }

    [Fact]
    public void Processors_Should_EqualTheRunsOwn_When_RecoveredWithoutTheStockFeatures()
    {
        // Given the run's data, prepared in the cheap mode predict uses for run folders without processors.json
        var config = market.Config;
        var ctx = PrepareStep.Run(config, PanelSource.Load(config.Data, _ => { }), _ => { }, processorsOnly: true);

        // When the processors are taken from it
        var recovered = RunProcessors.Of(ctx);

        // Then they are exactly those kosmo run saved: names, market scaling, fit window and regime model
        var saved = RunProcessors.Read(Path.Combine(market.RunDir, RunProcessors.FileName));
        recovered.FeatureNames.Should().Equal(saved.FeatureNames);
        recovered.Market.Should().BeEquivalentTo(saved.Market);
        recovered.FitLast.Should().Be(saved.FitLast);
        saved.Regime.Should().NotBeNull("the default config has features.regimes on");
        Kosmo.Features.Regimes.RegimeModelJson.ToJson(recovered.Regime!).ToJsonString().Should().Be(Kosmo.Features.Regimes.RegimeModelJson.ToJson(saved.Regime!).ToJsonString());
    }

    [Fact]
    public void Orders_Should_FollowTheBacktestRules_When_AnAccountAndHoldingsAreGiven()
    {
        // Given a recent date on which at least three stocks have a positive score (top-k buys only P(up) > P(down))
        var date = market.Calendar.Reverse().Take(40).Select(d => LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, d, "logistic", null, _none), _ => { }))
            .First(r => r.Signals.Count(s => s.PUp > s.PDown) >= 3).Date;

        // And a huge account (the participation cap binds) holding 100 shares of that date's lowest-ranked stock
        var first = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, date, "logistic", null, _none), _ => { });
        var worst = first.Signals[^1].Code;
        var holdings = new Dictionary<string, (long, DateOnly?)> { [worst] = (100, null) };
        var big = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, date, "logistic", 10_000_000_000_000, holdings), _ => { });

        // Then the top-5 strategy targets the best (at most five) positive scores at 20 % each, sells the held stock, and
        // caps every buy at 10 % of volume
        var targets = big.Signals.Where(s => s.TargetWeight > 0).ToList();
        var positive = big.Signals.Where(s => s.PUp - s.PDown > 0).OrderByDescending(s => s.PUp - s.PDown).Take(5).Select(s => s.Code);
        targets.Select(s => s.Code).Should().BeEquivalentTo(positive);
        targets.Should().OnlyContain(s => Math.Abs(s.TargetWeight - 0.2) < 1e-12);
        big.Plan.Orders.Should().ContainSingle(o => o.Side == TradeSide.Sell).Which.Code.Should().Be(worst);
        var panel = big.Panel;
        var t = panel.DateCount - 1;
        foreach (var o in big.Plan.Orders.Where(o => o.Side == TradeSide.Buy))
        {
            var i = panel.IndexOfCode(o.Code);
            o.CapShares.Should().Be((long)Math.Floor(0.1 * panel.Get(PanelField.Volume, i, t)));
            o.Shares.Should().Be(o.CapShares, "a 10 trillion KRW account wants more than the cap");
            o.ReferencePrice.Should().Be(panel.Get(PanelField.Close, i, t));
            o.UpperLimit.Should().BeGreaterThan(o.ReferencePrice).And.BeLessThanOrEqualTo(o.ReferencePrice * 1.3);
            o.LowerLimit.Should().BeLessThan(o.ReferencePrice).And.BeGreaterThanOrEqualTo(o.ReferencePrice * 0.7);
        }

        // And a small account buys whole shares at floor(target × value / price), scaled down together when cash runs short
        var small = LivePrediction.Run(new LiveRequest(market.RunDir, market.Db, date, "logistic", 1_000_000, _none), _ => { });
        var buys = small.Plan.Orders.Where(o => o.Side == TradeSide.Buy).ToList();
        buys.Should().NotBeEmpty();
        foreach (var o in buys)
        {
            var want = (long)Math.Floor(o.TargetWeight * 1_000_000 / o.ReferencePrice);
            o.Shares.Should().BeLessThanOrEqualTo(Math.Min(want, o.CapShares));
        }

        buys.Sum(o => (o.Shares * o.ReferencePrice) + o.EstimatedCost).Should().BeLessThanOrEqualTo(1_000_000);
        small.Plan.CashAfter.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void PredictCommand_Should_WriteTheListAndTheOrders_When_AskedForTheLatestDate()
    {
        // Given the run folder and the longer database
        var dir = CliHarness.TempDir();
        var list = Path.Combine(dir, "list.csv");

        // When the daily command runs
        var (code, output, _) = CliHarness.Run("predict", "--run", market.RunDir, "--db", market.Db, "--model", "logistic", "--out", list);

        // Then it writes the ranked list and the orders beside it
        code.Should().Be(0, output);
        File.ReadLines(list).First().Should().Be("rank,date,code,name,market,p_down,p_flat,p_up,score,target_weight");
        File.ReadLines(list).Skip(1).First().Should().StartWith($"1,{market.Calendar[^1]:yyyy-MM-dd},");
        File.ReadLines(Path.Combine(dir, "list.orders.csv")).First().Should().StartWith("signal_date,code,side,shares");
        var targets = File.ReadLines(list).Skip(1).Count(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture) > 0);
        File.ReadLines(Path.Combine(dir, "list.orders.csv")).Skip(1).Should().HaveCount(targets, "all cash: one buy per target");
    }

    [Theory]
    [InlineData("run", 4, "*not found*")]
    [InlineData("db", 4, "*database*not found*")]
    [InlineData("date", 4, "*no data for 2099-01-05*")]
    [InlineData("early", 3, "*only 4 trading days up to*the models need 10*")]
    [InlineData("model", 2, "*--model nope*")]
    [InlineData("holdings", 3, "*holdings.csv:2 column 'shares'*")]
    public void PredictCommand_Should_FailWithOneLineAndTheDocumentedCode_When_AnInputIsMissingOrBad(string what, int expected, string message)
    {
        // Given one bad input
        var dir = CliHarness.TempDir();
        var holdings = Path.Combine(dir, "holdings.csv");
        File.WriteAllText(holdings, "code,shares\nA00001,ten\n");
        var list = Path.Combine(dir, "list.csv");
        string[] args = what switch
        {
            "run" => ["predict", "--run", Path.Combine(dir, "no-run"), "--db", market.Db],
            "db" => ["predict", "--run", market.RunDir, "--db", Path.Combine(dir, "none.db")],
            "date" => ["predict", "--run", market.RunDir, "--db", market.Db, "--date", "2099-01-05"],
            "early" => ["predict", "--run", market.RunDir, "--db", market.Db, "--date", market.Calendar[3].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            "model" => ["predict", "--run", market.RunDir, "--db", market.Db, "--model", "nope"],
            _ => ["predict", "--run", market.RunDir, "--db", market.Db, "--holdings", holdings],
        };

        // When predict runs
        var (code, _, error) = CliHarness.Run([.. args, "--out", list]);

        // Then it exits with the documented code, one error line, no stack trace, nothing written
        code.Should().Be(expected, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        lines.Should().ContainSingle().Which.Should().Match(message);
        error.Should().NotContain("   at ");
        File.Exists(list).Should().BeFalse();
    }

    private static void CopyDir(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(d.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, f.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
