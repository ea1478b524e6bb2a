using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Features.Splits;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// <c>split.scheme: cpcv</c> through <c>kosmo run</c> on the small synthetic market: N = 4 date groups, k = 2 test
/// groups ⇒ C(4, 2) = 6 purged splits and φ = 3 backtest paths, each traded by the configured strategy.
/// </summary>
public sealed class CpcvPipelineTests(CpcvPipelineTests.CpcvRunFixture run) : IClassFixture<CpcvPipelineTests.CpcvRunFixture>
{
    internal static readonly string Yaml = SmallMarket.Config("cpcv", seed: 9, threads: 2,
        SmallMarket.Section("features", "set: [returns:1:5:20, vol:20, rsi:14, index:KOSDAQ, vix]", "lookback: 12", "regimes: true", "regime_states: 2"),
        SmallMarket.Labels(),
        SmallMarket.Section("split", "scheme: cpcv", "folds: 4", "test_groups: 2", "embargo_days: 5"),
        SmallMarket.TinyTft(hidden: 8, epochs: 1, maxTrainSamples: 800),
        "baselines: [momentum_20d, logistic]",
        SmallMarket.Section("backtest", "capacity_krw: [100000000]"));

    private static readonly string[] Models = ["logistic", "momentum_20d", "tft_lite"];

    [Fact]
    public void Run_Should_TradeEveryPathAndReportThePathSharpes_When_TheSchemeIsCpcv()
    {
        // Given the CPCV run of the fixture
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!.AsObject();
        var cpcv = metrics["cpcv"]!.AsObject();

        // Then the section has the geometry of CPCV(4, 2): 6 splits, 3 paths, each path naming one split per group
        (cpcv["groups"]!.GetValue<int>(), cpcv["test_groups"]!.GetValue<int>(), cpcv["splits"]!.GetValue<int>(), cpcv["paths"]!.GetValue<int>()).Should().Be((4, 2, 6, 3));
        cpcv["path_splits"]!.AsArray().Should().HaveCount(3).And.OnlyContain(p => p!.AsArray().Count == 4);
        metrics["data"]!["split_scheme"]!.GetValue<string>().Should().Be("cpcv");
        metrics["data"]!["folds"]!.GetValue<int>().Should().Be(6);

        // And every model has three path Sharpes with their distribution; each path holds every test sample once
        var testSamples = run.Prepared.Splits.SelectMany(s => s.Test).Distinct().Count();
        var models = cpcv["models"]!.AsObject();
        models.Select(p => p.Key).Should().Equal(Models);
        foreach (var (name, m) in models)
        {
            var sharpes = m!["sharpes"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
            sharpes.Should().HaveCount(3);
            m["sharpe_mean"]!.GetValue<double>().Should().BeApproximately(sharpes.Average(), 1e-5);
            m["sharpe_min"]!.GetValue<double>().Should().Be(sharpes.Min());
            m["sharpe_max"]!.GetValue<double>().Should().Be(sharpes.Max());
            m["sharpe_median"]!.GetValue<double>().Should().Be(sharpes.Order().ElementAt(1));
            m["strategy"]!.GetValue<string>().Should().Be("topk");
            var rows = m["rows"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
            rows.Should().OnlyContain(n => n == rows[0] && n > 0, $"every path of {name} holds the same test samples");
            if (name == "logistic")
            {
                rows[0].Should().Be(testSamples, "logistic predicts every test sample");
            }
        }

        // And the per-path file and the report show them
        File.ReadLines(Path.Combine(run.Dir, CpcvPaths.FileName)).Should().HaveCount(1 + (3 * Models.Length));
        File.ReadAllText(Path.Combine(run.Dir, "report.html")).Should().Contain("CPCV backtest paths: Sharpe ratio distribution (3 paths)");

        // And kosmo compare prints the same distribution, one row per model with its three paths
        var table = RunComparison.Load([run.Dir]).CpcvPaths();
        table.Select(r => r[0]).Should().BeEquivalentTo(Models.Select(m => m + "/topk"));
        foreach (var row in table)
        {
            (row[1], row[2]).Should().Be(("N = 4, k = 2", "3"));
            var mean = models[row[0][..^"/topk".Length]]!["sharpe_mean"]!.GetValue<double>();
            row[3].Should().Be(mean.ToString("F2", System.Globalization.CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Run_Should_CoverEveryTestDateExactlyOncePerPath_When_PathsAreAssembled()
    {
        // Given each split's cell predictions of the run
        var ctx = run.Prepared;
        var cpcv = ctx.Cpcv!;
        foreach (var model in Models.Where(m => m != "momentum_20d"))
        {
            IReadOnlyList<PredictionRecord> Rows(int s) => PredictionsCsv.Read(Path.Combine(FoldExecutor.CellDir(RunScope.TrialDirOf(run.Dir, 0), model, s), "predictions.csv"));

            // When the paths are assembled
            var paths = CpcvPathAssembly.Paths(cpcv, ctx.Samples.Dates, Rows);

            // Then each path holds every (date, code) the model predicted in any split exactly once (for logistic: every
            // test sample), in date order, group g from the split the path names for g
            var cells = Enumerable.Range(0, ctx.Splits.Count).SelectMany(s => Rows(s).Select(r => (r.Date, r.Code))).ToHashSet();
            if (model == "logistic")
            {
                cells.Should().BeEquivalentTo(ctx.Splits.SelectMany(s => s.Test).Distinct().Select(j => (ctx.Samples.Dates[ctx.Samples.Start[j]], ctx.Panel.Codes[ctx.Samples.Code[j]])));
            }

            paths.Should().HaveCount(3);
            foreach (var (path, p) in paths.Select((x, p) => (x, p)))
            {
                path.Select(r => (r.Date, r.Code)).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(cells);
                path.Select(r => r.Date).Should().BeInAscendingOrder();
                for (var g = 0; g < cpcv.Groups.Length; g++)
                {
                    var (first, last) = (ctx.Samples.Dates[cpcv.Groups[g].First], ctx.Samples.Dates[cpcv.Groups[g].Last]);
                    var fromSplit = Rows(cpcv.Paths[p].SplitOfGroup[g]).Where(r => r.Date >= first && r.Date <= last);
                    path.Where(r => r.Date >= first && r.Date <= last).Should().Equal(fromSplit);
                }
            }

            // And path 0 is what predictions.csv holds for the model (each test sample once)
            var written = PredictionsCsv.Read(Path.Combine(run.Dir, "predictions.csv")).Where(r => r.Model == model).ToList();
            written.Should().Equal(paths[0]);
        }
    }

    [Fact]
    public void Run_Should_FitEachFoldsMarketColumnsBeforeItsCells_When_TheSchemeIsCpcv()
    {
        // Given the run: every split computed its cells after activating its own market-column fit
        var features = run.Prepared.FoldFeatures!;
        features.Fits.Keys.Order().Should().Equal(Enumerable.Range(0, 6));
        foreach (var (fold, fit) in features.Fits)
        {
            foreach (var (first, last) in FitDates.Periods(run.Prepared.Samples, run.Prepared.Splits[fold]))
            {
                fit.Dates.Skip(first).Take(last - first + 1).Should().OnlyContain(d => !d);
            }
        }

        // And the plan lists 6 folds × 3 models with the splits' names
        var plan = File.ReadAllText(Path.Combine(run.Dir, "plan.json"));
        plan.Should().Contain("cpcv {0,1}").And.Contain("cpcv {2,3}");
    }

    [Fact]
    public void Resume_Should_ReproduceMetricsByteForByte_When_EveryCellIsDone()
    {
        // Given the finished run's metrics
        var before = File.ReadAllBytes(Path.Combine(run.Dir, "metrics.json"));
        var trials = ExperimentConfig.Parse(Yaml, "cpcv.yaml");

        // When it is resumed (every cell loads from disk, the paths are rebuilt and traded again)
        new ExperimentRunner(trials, run.Dir, new RunOptions(true, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then metrics.json is byte-identical
        File.ReadAllBytes(Path.Combine(run.Dir, "metrics.json")).Should().Equal(before);
    }

    /// <summary>Runs the CPCV config once for the class.</summary>
    public sealed class CpcvRunFixture() : PipelineRunFixture(Yaml, "cpcv");
}
