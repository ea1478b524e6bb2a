using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Data.Marcap;
using Kosmo.Data.Synthetic;
using Kosmo.Data.Tests.Download;
using Kosmo.Data.Universe;
using Kosmo.Testing;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Xunit.Abstractions;

namespace Kosmo.Cli.Tests.Data;

/// <summary>
/// The full market in two commands, on a local mirror: <c>kosmo data download marcap</c> from a real HTTP server serving
/// a multi-year synthetic marcap market (delistings, splits, KOSDAQ → KOSPI moves), then <c>kosmo run</c> with
/// configs/krx-marcap.yaml (model sizes, epochs and the first test year scaled to the fixture) on the database it built.
/// </summary>
[Collection(DownloadConsoleCollection.Name)]
public sealed class MarcapEndToEndTests : IDisposable
{
    private const int FirstYear = 2014;
    private const int Years = 5;
    private readonly ITestOutputHelper _log;
    private readonly FixtureServer _server = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-marcap-e2e-" + Guid.NewGuid().ToString("N"));

    public MarcapEndToEndTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_dir);
    }

    private string Db => Path.Combine(_dir, "marcap.db");

    private string Run => Path.Combine(_dir, "run");

    public void Dispose()
    {
        _server.Dispose();
        _out.Dispose();
        _err.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void DownloadThenRun_Should_WriteTheRunFolderWithDelistedStocksInTheUniverse_When_TheMarketComesFromAMarcapMirror()
    {
        // Given a mirror serving five years of a synthetic marcap market (80 stocks; the last year as csv.gz only)
        var market = SyntheticMarket.Generate(new SyntheticOptions { Seed = 7, Stocks = 80, Years = Years, Start = new DateOnly(FirstYear, 1, 2) });
        var rows = MarcapRows.FromSynthetic(market, moveToKospi: 2);
        var mirror = Path.Combine(_dir, "mirror");
        var lastYear = rows[^1].Date.Year;
        MarcapFixtureWriter.WriteYears(mirror, rows.Where(r => r.Date.Year < lastYear), parquet: true);
        MarcapFixtureWriter.WriteYears(mirror, rows.Where(r => r.Date.Year == lastYear), parquet: false);
        foreach (var file in Directory.GetFiles(mirror))
        {
            _server.File("/data/" + Path.GetFileName(file), File.ReadAllBytes(file));
        }

        // When the two README commands run through the real entry point: download (and import), then the experiment
        var clock = Stopwatch.StartNew();
        var (download, downloadOut, downloadErr) = RunKosmo(
            "data", "download", "marcap", "--years", $"{FirstYear}-{lastYear}", "--dir", Path.Combine(_dir, "marcap"), "--db", Db,
            "--base-url", _server.BaseUrl + "/data", "--delay-ms", "0", "--retry-delay-ms", "10", "--retries", "2");
        var downloadSeconds = clock.Elapsed.TotalSeconds;
        var config = Path.Combine(_dir, "krx-marcap-fixture.yaml");
        File.WriteAllText(config, ScaledConfig());
        var (run, runOut, runErr) = RunKosmo("run", "--config", config, "--db", Db, "--out", Run);
        _log.WriteLine($"download + import of {rows.Count:N0} rows ({lastYear - FirstYear + 1} years): {downloadSeconds:F1} s; run: {clock.Elapsed.TotalSeconds - downloadSeconds:F1} s");

        // Then both succeed and every downloaded row is in the database
        download.Should().Be(ExitCodes.Ok, downloadOut + downloadErr);
        downloadOut.Should().Contain($"{lastYear - FirstYear + 1} of {lastYear - FirstYear + 1} years fetched");
        Scalar("SELECT COUNT(*) FROM bars").Should().Be(rows.Count);
        run.Should().Be(ExitCodes.Ok, runOut + runErr);

        var trialBaselines = ExperimentConfig.Load(config).Single().Baselines;

        // And the run folder holds the contract files with their headers
        File.ReadAllText(Path.Combine(Run, "config.yaml")).Should().Contain("source: db");
        File.ReadLines(Path.Combine(Run, "predictions.csv")).First().Should().Be("date,code,model,p_down,p_flat,p_up");
        File.ReadLines(Path.Combine(Run, "predictions.csv")).Skip(1).Should().NotBeEmpty();
        File.ReadLines(Path.Combine(Run, "equity.csv")).First().Should().Be("date,strategy,equity");
        File.ReadLines(Path.Combine(Run, "trades.csv")).First().Should().Be("date,code,strategy,side,shares,price,commission,tax,slippage");
        File.ReadLines(Path.Combine(Run, "trades.csv")).Skip(1).Should().NotBeEmpty();
        File.ReadAllText(Path.Combine(Run, "report.html")).Should().Contain("<svg");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "metrics.json")))!.AsObject();
        foreach (var section in new[] { "data", "models", "backtests", "benchmarks" })
        {
            metrics[section]!.AsObject().Should().NotBeEmpty($"metrics.json has a {section} section");
        }

        _log.WriteLine($"data: {metrics["data"]!.ToJsonString()}; models: {string.Join(", ", metrics["models"]!.AsObject().Select(m => m.Key))}");
        metrics["data"]!["folds"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(2);
        metrics["models"]!.AsObject().Select(m => m.Key).Should().Contain(["tft_lite", .. trialBaselines]);

        // And the run's universe (the pipeline's own rules on the same database) is sized by real market caps and holds
        // stocks that were delisted later, on dates before their last bar
        var loaded = ExperimentConfig.Load(config).Single();
        var trial = loaded with { Data = loaded.Data with { Db = Db } };
        var panel = PanelSource.Load(trial.Data, _ => { });
        var universe = UniverseBuilder.Build(panel, PrepareStep.UniverseRulesOf(trial.Universe, trial.Data));
        universe.SizeBasis.Where((b, t) => universe.MemberCount(t) > 0).Should().OnlyContain(b => b == SizeBasis.MarketCap);
        var lastBar = rows.GroupBy(r => r.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.Date), StringComparer.Ordinal);
        var delistedMembers = Enumerable.Range(0, panel.CodeCount)
            .Where(i => lastBar[panel.Codes[i]] < panel.Dates[^1])
            .Where(i => Enumerable.Range(0, panel.DateCount).Any(t => panel.Dates[t] < lastBar[panel.Codes[i]] && universe.IsMember(i, t)))
            .Select(i => panel.Codes[i])
            .ToList();
        _log.WriteLine($"delisted stocks that were universe members before their last bar: {string.Join(", ", delistedMembers)}");
        delistedMembers.Should().NotBeEmpty("a survivorship-free universe holds stocks that are delisted later");
    }

    /// <summary>configs/krx-marcap.yaml with the model scaled down and the test years moved to the fixture's calendar.</summary>
    private static string ScaledConfig()
    {
        var yaml = File.ReadAllText(Path.Combine(TestData.RepoRoot, "configs", "krx-marcap.yaml"));
        (string Key, string Value)[] overrides =
        [
            ("first_test_year", (FirstYear + Years - 2).ToString(CultureInfo.InvariantCulture)),
            ("lookback", "20"),
            ("wavelets", "false"),
            ("hidden", "8"),
            ("heads", "2"),
            ("batch", "128"),
            ("epochs", "1"),
            ("patience", "1"),
            ("warmup_steps", "5"),
            ("max_train_samples", "1500"),
        ];
        foreach (var (key, value) in overrides)
        {
            var pattern = new Regex($@"^(\s+{key}:) *[^\s#]+", RegexOptions.Multiline);
            pattern.IsMatch(yaml).Should().BeTrue($"configs/krx-marcap.yaml sets {key}");
            yaml = pattern.Replace(yaml, $"$1 {value}", 1);
        }

        return yaml;
    }

    /// <summary>
    /// <c>kosmo ARGS</c> through the real entry point with stdout and stderr captured. Spectre's console is pointed at the
    /// captured stdout for the call: it otherwise keeps the writer of whichever test first used it, possibly disposed. The
    /// writers live as long as the test, so a test in another collection that writes meanwhile writes into them.
    /// </summary>
    private (int Code, string Out, string Err) RunKosmo(params string[] args)
    {
        _out.GetStringBuilder().Clear();
        _err.GetStringBuilder().Clear();
        var (oldOut, oldError, oldAnsi) = (Console.Out, Console.Error, AnsiConsole.Console);
        Console.SetOut(_out);
        Console.SetError(_err);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out), Interactive = InteractionSupport.No });
        try
        {
            var code = Program.Run(args, _err);
            return (code, _out.ToString(), _err.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            AnsiConsole.Console = oldAnsi;
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
