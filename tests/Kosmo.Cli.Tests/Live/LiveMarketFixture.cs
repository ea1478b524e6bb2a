using System.Globalization;
using System.Text;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Experiment.Tests.Pipeline;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;

namespace Kosmo.Cli.Tests.Live;

/// <summary>
/// The daily routine on the synthetic market, once for all live tests: the market (60 stocks, 4 years, with its index
/// series) is written as files and imported into a database; a small run is trained on the data up to
/// <see cref="RunEnd"/> (three quarters of the calendar); <c>kosmo fit</c> then refits its models on every labelled date
/// of the database, so the last quarter is data the run never saw.
/// </summary>
public sealed class LiveMarketFixture : IDisposable
{
    public LiveMarketFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "kosmo-live-" + Guid.NewGuid().ToString("N"));
        (Db, var market) = ImportSyntheticMarket(Root);
        Calendar = [.. market.Calendar];
        RunEnd = Calendar[(Calendar.Count * 3) / 4];
        RunDir = Path.Combine(Root, "run");
        var trials = ExperimentConfig.Parse(Yaml(Db, RunEnd), "live.yaml");
        Config = trials[0];
        new ExperimentRunner(trials, RunDir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        Set = FitStep.Run(Config, RunDir, Db, null, _ => { }, CancellationToken.None);
    }

    /// <summary>The temporary folder (files, database, run).</summary>
    public string Root { get; }

    /// <summary>The database holding all four years.</summary>
    public string Db { get; }

    /// <summary>The run folder.</summary>
    public string RunDir { get; }

    /// <summary>The last date of the run's data.</summary>
    public DateOnly RunEnd { get; }

    /// <summary>The market's trading days.</summary>
    public IReadOnlyList<DateOnly> Calendar { get; }

    internal ExperimentConfig Config { get; }

    internal ModelSet Set { get; }

    /// <summary>The run's config: the database up to <paramref name="to"/>, a small TFT-Lite and the tabular baselines.</summary>
    public static string Yaml(string db, DateOnly to) => $"""
        name: live
        seed: 5
        threads: 2
        data:
          source: db
          db: {db}
          to: {to:yyyy-MM-dd}
        universe:
          min_market_cap_krw: 5_000_000_000
          small_cap_band: 1.0
          min_avg_value_krw: 100_000_000
        features:
          lookback: 10
          wavelets: false
        labels:
          horizon: 10
        split:
          embargo_days: 5
        model:
          name: tft_lite
          hidden: 8
          heads: 2
          epochs: 1
          batch: 128
          max_train_samples: 600
        baselines: [logistic, momentum_20d]
        backtest:
          strategy: topk
          top_k: 5
          account_krw: 100_000_000
        """;

    /// <summary>The synthetic market of the live and export tests (60 stocks, 4 years, seed 11, with its index series),
    /// written as marcap and index files under <paramref name="root"/> and imported into <c>root/kosmo.db</c>.</summary>
    internal static (string Db, SyntheticMarket Market) ImportSyntheticMarket(string root)
    {
        var files = Path.Combine(root, "files");
        Directory.CreateDirectory(files);
        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = 60, Years = 4, Seed = 11 });
        MarcapCsvWriter.Write(Path.Combine(files, "marcap_synthetic.csv"), market);
        foreach (var index in market.IndexBars.GroupBy(b => b.Name))
        {
            var sb = new StringBuilder("Date,Open,High,Low,Close,Volume,Amount,MarCap\n");
            foreach (var b in index.OrderBy(b => b.Date))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{b.Date:yyyy-MM-dd},{V(b.Open)},{V(b.High)},{V(b.Low)},{V(b.Close)},{V(b.Volume)},{V(b.Amount)},{V(b.MarketCap)}\n");
            }

            File.WriteAllText(Path.Combine(files, $"index_{index.Key}.csv"), sb.ToString());
        }

        var db = Path.Combine(root, "kosmo.db");
        using (var store = KosmoStore.Open(db))
        {
            store.ImportAll(KosmoStore.ExpandPaths([files]));
        }

        return (db, market);
    }

    private static string V(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
