using Kosmo.Experiment.Config;
using Kosmo.Experiment.Live;
using Kosmo.Data.Panel;

namespace Kosmo.Cli.Tests.Export;

/// <summary>
/// The windows of one date's universe members as <c>kosmo predict</c> builds them, twice: with the run's processors
/// (Kosmo's own probabilities through <see cref="LiveModels"/>) and with the market z-score left out (the raw input an
/// exported graph takes, NaN kept), plus the members' static categories (market on the date, dept).
/// </summary>
internal sealed record ExportWindows(float[] KosmoProbabilities, float[] Raw, long[] Categorical, int Rows, int Lookback, int Features, string Origin)
{
    /// <summary>Builds the windows of <paramref name="date"/> (null: the database's last date) for the members with Kosmo probabilities.</summary>
    public static ExportWindows Of(ExperimentConfig config, string runDir, ModelSet? set, string db, DateOnly? date, string model)
    {
        var processors = RunProcessors.Read(set is not null ? Path.Combine(set.Dir, RunProcessors.FileName) : Path.Combine(runDir, RunProcessors.FileName));
        var L = config.Features.Lookback;
        var window = LiveData.LoadWindow(config.Data, db, date, L, _ => { });
        var panel = window.Panel;
        var t = panel.DateCount - 1;
        var first = StoreDates.FirstPricedDates(db, processors.PanelFirst);
        var ctx = LiveData.Prepare(config, window, t, processors, first, _ => { });
        var T = panel.DateCount;
        var members = Enumerable.Range(0, panel.CodeCount).Where(i => ctx.UniverseMask[(i * T) + t]).ToList();
        var (p, origin) = LiveModels.Predict(runDir, ctx, set, model, t, members, _ => { });
        var identity = processors with { Market = processors.Market.ToDictionary(m => m.Key, _ => (0.0, 1.0), StringComparer.Ordinal) };
        var raw = LiveData.Prepare(config, window, t, identity, first, _ => { });
        var K = processors.FeatureNames.Length;
        var rows = members.Select((i, r) => (i, r)).Where(m => float.IsFinite(p[m.r * 3])).ToList();
        return new ExportWindows(
            [.. rows.SelectMany(m => p.AsSpan(m.r * 3, 3).ToArray())],
            [.. rows.SelectMany(m => raw.Cube.Window(m.i, t, L).ToArray())],
            [.. rows.SelectMany(m => new long[] { ctx.Statics.MarketAt(m.i, t), ctx.Statics.Dept[m.i] })],
            rows.Count, L, K, origin.Description);
    }
}
