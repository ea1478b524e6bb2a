using Kosmo.Experiment.Live;
using Kosmo.Cli.Tests.Reliability;
using Kosmo.Data.Panel;
using Kosmo.Data.Store;
using Kosmo.Testing;
using Xunit.Abstractions;

namespace Kosmo.Cli.Tests.Export;

/// <summary>
/// <c>kosmo export</c>: the ONNX graph of TFT-Lite run with ONNX Runtime on the windows <c>kosmo predict</c> builds
/// (synthetic and real KRX data) against Kosmo's own probabilities; the model chosen as predict chooses it; LightGBM's
/// own model file; and every failure with its documented exit code and nothing written.
/// </summary>
[Collection("console")]
public sealed class ExportCommandTests(ExportRunFixture run, ITestOutputHelper output) : IClassFixture<ExportRunFixture>
{
    private static readonly Lazy<string> _realDb = new(ImportRealKosdaq);

    [Fact]
    public void Export_Should_MatchPredictsProbabilities_When_TheGraphRunsOnTheLatestWindows()
    {
        // Given the run's current model set and the database's last date (after the run's data)
        var file = Path.Combine(CliHarness.TempDir(), "tft.onnx");

        // When TFT-Lite is exported and the graph is run on the raw windows
        var (code, stdout, error) = CliHarness.Run("export", "--run", run.RunDir, "--model", "tft_lite", "--onnx", file);
        code.Should().Be(0, error);
        stdout.Should().Contain("wrote").And.Contain(run.Set.Id);
        var w = ExportWindows.Of(run.Config, run.RunDir, run.Set, run.Db, null, "tft_lite");
        var bytes = File.ReadAllBytes(file);
        var ort = OrtRunner.Probabilities(bytes, w.Raw, [w.Rows, w.Lookback, w.Features], w.Categorical, null);

        // Then every member's probabilities equal Kosmo's within 1e-5
        w.Rows.Should().BeGreaterThan(10);
        w.Raw.Should().Contain(float.NaN, "missing values reach the graph raw and are filled inside it");
        var max = MaxAbs(ort, w.KosmoProbabilities);
        output.WriteLine($"synthetic: {w.Rows} windows, max |Δp| = {max:E2}");
        max.Should().BeLessThan(1e-5f);

        // And the metadata states the model's origin, the scaling and the weights' checksum
        var meta = OrtRunner.Metadata(bytes);
        meta["origin"].Should().Contain(run.Set.Id);
        meta["weights_sha256"].Should().Be(run.Set.Find("tft_lite")!.Sha256);
        meta["features"].Split(',').Should().HaveCount(w.Features);
        meta["market_zscore_columns"].Should().NotBeEmpty();
        meta["cross_section"].Should().Be("zscore");
    }

    [Fact]
    public void Export_Should_UseTheLastWalkForwardFold_When_TheRunHasNoModelSet()
    {
        // Given the run folder before 'kosmo fit'
        var file = Path.Combine(CliHarness.TempDir(), "fold.onnx");

        // When exported
        var (code, _, error) = CliHarness.Run("export", "--run", run.FoldRunDir, "--model", "tft_lite", "--onnx", file);

        // Then the graph is the last fold's model, as predict uses it
        code.Should().Be(0, error);
        var w = ExportWindows.Of(run.Config, run.FoldRunDir, null, run.Db, null, "tft_lite");
        w.Origin.Should().StartWith("walk-forward fold");
        var bytes = File.ReadAllBytes(file);
        OrtRunner.Metadata(bytes)["origin"].Should().Be(w.Origin);
        MaxAbs(OrtRunner.Probabilities(bytes, w.Raw, [w.Rows, w.Lookback, w.Features], w.Categorical, null), w.KosmoProbabilities).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Export_Should_ReadTheNamedModelSet_When_SetIsGiven()
    {
        // Given the fitted run and its model set named explicitly
        var file = Path.Combine(CliHarness.TempDir(), "set.onnx");

        // When exported with --set
        var (code, _, error) = CliHarness.Run("export", "--run", run.RunDir, "--model", "tft_lite", "--set", run.Set.Id, "--onnx", file);

        // Then the set's checkpoint was read
        code.Should().Be(0, error);
        var meta = OrtRunner.Metadata(File.ReadAllBytes(file));
        meta["origin"].Should().StartWith($"model set {run.Set.Id}");
        meta["weights_sha256"].Should().Be(run.Set.Find("tft_lite")!.Sha256);
    }

    [Fact]
    public void Export_Should_WriteTheBoostersOwnModelFile_When_TheModelIsLightgbm()
    {
        // Given the fitted lightgbm of the model set
        var file = Path.Combine(CliHarness.TempDir(), "lgbm.txt");

        // When exported
        var (code, _, error) = CliHarness.Run("export", "--run", run.RunDir, "--model", "lightgbm", "--out", file);

        // Then the file is LightGBM's text model, byte for byte the set's
        code.Should().Be(0, error);
        var source = Path.Combine(run.Set.Dir, run.Set.Find("lightgbm")!.File);
        File.ReadAllText(file).Should().Be(File.ReadAllText(source));
        File.ReadAllText(file).Should().StartWith("tree").And.Contain("feature_names=");
    }

    [Theory]
    [InlineData("run", 4, "*not found*")]
    [InlineData("model", 2, "*--model nope: the run has no such model*")]
    [InlineData("set", 4, "*model set 'nope' not found*")]
    [InlineData("unsaved", 4, "*'logistic' has no saved model*kosmo fit*")]
    [InlineData("tabular", 2, "*not a window model or lightgbm*")]
    [InlineData("folder", 2, "*does not exist*")]
    public void Export_Should_FailWithOneLineAndTheDocumentedCode_When_AnInputIsMissingOrBad(string what, int expected, string message)
    {
        // Given one bad input
        var dir = CliHarness.TempDir();
        var file = Path.Combine(dir, "model.onnx");
        string[] args = what switch
        {
            "run" => ["--run", Path.Combine(dir, "no-run"), "--model", "tft_lite"],
            "model" => ["--run", run.RunDir, "--model", "nope"],
            "set" => ["--run", run.RunDir, "--model", "tft_lite", "--set", "nope"],
            "unsaved" => ["--run", run.FoldRunDir, "--model", "logistic"],
            "tabular" => ["--run", run.RunDir, "--model", "logistic"],
            _ => ["--run", run.RunDir, "--model", "tft_lite", "--onnx", Path.Combine(dir, "missing", "model.onnx")],
        };

        // When export runs
        var (code, _, error) = CliHarness.Run(["export", .. args, .. what == "folder" ? Array.Empty<string>() : ["--onnx", file]]);

        // Then it exits with the documented code, one error line, no stack trace, nothing written
        code.Should().Be(expected, error);
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Should().ContainSingle().Which.Should().Match(message);
        error.Should().NotContain("   at ");
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [RealDataFact]
    public void Export_Should_MatchKosmosProbabilities_When_TheGraphRunsOnRealKrxWindows()
    {
        // Given the exported TFT-Lite and the real KOSDAQ data (Yahoo history to 2017), read as 'kosmo predict --db' reads it
        var file = Path.Combine(CliHarness.TempDir(), "tft.onnx");
        CliHarness.Run("export", "--run", run.RunDir, "--model", "tft_lite", "--onnx", file).Code.Should().Be(0);
        var bytes = File.ReadAllBytes(file);
        var db = _realDb.Value;
        var config = run.Config with { Data = run.Config.Data with { Markets = ["KOSDAQ"] } };
        var last = StoreDates.LastStockDate(db);
        float worst = 0;
        var windows = 0;
        foreach (var date in new[] { last, last.AddDays(-91), last.AddDays(-182) })
        {
            // When the graph runs on the real windows of the universe members of the date
            var w = ExportWindows.Of(config, run.RunDir, run.Set, db, date, "tft_lite");
            var ort = OrtRunner.Probabilities(bytes, w.Raw, [w.Rows, w.Lookback, w.Features], w.Categorical, null);

            // Then every member's probabilities equal Kosmo's within 1e-5
            w.Rows.Should().BeGreaterThan(50, $"{date:yyyy-MM-dd} has a real universe");
            var max = MaxAbs(ort, w.KosmoProbabilities);
            output.WriteLine($"real KOSDAQ {date:yyyy-MM-dd}: {w.Rows} windows, max |Δp| = {max:E2}");
            max.Should().BeLessThan(1e-5f);
            worst = Math.Max(worst, max);
            windows += w.Rows;
        }

        output.WriteLine($"real KOSDAQ: {windows} windows on 3 dates, max |Δp| = {worst:E2}");
    }

    private static float MaxAbs(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (p, q) => MathF.Abs(p - q)).Max();
    }

    // The Yahoo KOSDAQ history and the KOSPI / KOSDAQ index series of ../shared/data/krx in a temporary database.
    private static string ImportRealKosdaq()
    {
        var db = Path.Combine(Path.GetTempPath(), "kosmo-export-real-" + Guid.NewGuid().ToString("N") + ".db");
        using var store = KosmoStore.Open(db);
        store.ImportAll([TestData.Krx("yahoo_ohlcv_kosdaq_2000-2017.csv.gz"), TestData.Krx("index_KOSDAQ.csv.gz"), TestData.Krx("index_KOSPI.csv.gz")]);
        return db;
    }
}
