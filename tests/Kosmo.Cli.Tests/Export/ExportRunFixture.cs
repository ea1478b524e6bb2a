using System.Globalization;
using System.Text;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Cli.Tests.Live;
using Kosmo.Experiment.Tests.Pipeline;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;

namespace Kosmo.Cli.Tests.Export;

/// <summary>
/// A small trained run on the synthetic market for the export tests: the live tests' config (TFT-Lite, lookback 10,
/// hidden 8) with lightgbm and logistic as baselines, trained on the first three quarters of a four-year market imported
/// into a database; a copy of the run folder as <c>kosmo run</c> left it (models only in the walk-forward cells), and
/// the run itself after <c>kosmo fit</c> (a current model set).
/// </summary>
public sealed class ExportRunFixture : IDisposable
{
    public ExportRunFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "kosmo-export-" + Guid.NewGuid().ToString("N"));
        (Db, var market) = LiveMarketFixture.ImportSyntheticMarket(Root);
        var calendar = market.Calendar;
        var yaml = LiveMarketFixture.Yaml(Db, calendar[(calendar.Count * 3) / 4]).Replace("baselines: [logistic, momentum_20d]", "baselines: [lightgbm, logistic]", StringComparison.Ordinal);
        var trials = ExperimentConfig.Parse(yaml, "export.yaml");
        Config = trials[0];
        RunDir = Path.Combine(Root, "run");
        new ExperimentRunner(trials, RunDir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        FoldRunDir = Path.Combine(Root, "run-folds");
        CopyDir(RunDir, FoldRunDir);
        Set = FitStep.Run(Config, RunDir, Db, null, _ => { }, CancellationToken.None);
    }

    /// <summary>The temporary folder.</summary>
    public string Root { get; }

    /// <summary>The database (all four years).</summary>
    public string Db { get; }

    /// <summary>The run folder after <c>kosmo fit</c>.</summary>
    public string RunDir { get; }

    /// <summary>The run folder before <c>kosmo fit</c>: models only in the walk-forward cells.</summary>
    public string FoldRunDir { get; }

    internal ExperimentConfig Config { get; }

    internal ModelSet Set { get; }

    /// <summary>Copies a folder tree.</summary>
    public static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        }

        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
        }
    }


    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
