using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Universe;
using Kosmo.Features;
using Kosmo.Features.Labels;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Regimes;
using Kosmo.Features.Splits;
using Kosmo.Features.Statics;
using Kosmo.Features.Weights;

namespace Kosmo.Experiment;

/// <summary>
/// Universe, causal features, labels, sample weights and walk-forward splits: the deterministic, model-free part of
/// a run (recomputed on --resume; it is cheap next to training).
/// </summary>
internal static class PrepareStep
{
    /// <summary>Universe, labels, samples and splits first, then the feature cube (see <see cref="Features"/>), which needs the first fold's training window.</summary>
    /// <param name="config">The run's config.</param>
    /// <param name="panel">The loaded panel.</param>
    /// <param name="status">Progress lines.</param>
    /// <param name="processorsOnly">
    /// Fit only what <see cref="Live.RunProcessors"/> saves (market scaling, regime model): the per-stock features are
    /// not computed and the cube stores no row (it keeps the full column names). Recovers a run's processors cheaply.
    /// </param>
    /// <returns>The stage's record (the same contents for the same config and panel).</returns>
    public static Prepared Run(ExperimentConfig config, Panel panel, Action<string> status, bool processorsOnly = false)
    {
        var c = config;
        var facts = new Dictionary<string, object?>(StringComparer.Ordinal);

        status("universe: liquidity, size and listing rules per date");
        var universe = UniverseBuilder.Build(panel, UniverseRulesOf(c.Universe, c.Data));
        var mask = universe.Members();

        status($"labels: {c.Labels.Method}, horizon {c.Labels.Horizon}{(c.Labels.Target == "excess" ? ", excess over the equal-weight universe" : "")}");
        var labels = LabelMethod(c.Labels, mask).Compute(panel);
        var weights = SampleWeights(c.Labels, labels, panel);
        var statics = StaticAttributes.Build(panel);
        MemoryGovernor.MaybeCollect();   // the labelers' price views and volatility arrays are dead now

        var samples = LabeledSamples.FromLabels(labels, mask);
        if (samples.Count == 0)
        {
            throw new DataValidationException("config", 0, "universe", "no labelled sample is a universe member: loosen the universe rules or check the data");
        }

        var scheme = c.Split.IsCrossValidation ? SchemeSplits.Create(c.Split, samples, status) : WalkForwardSplits(c, panel, samples);
        var (splits, cpcv) = (scheme.Splits, scheme.Cpcv);
        foreach (var (key, value) in scheme.Facts)
        {
            facts[key] = value;
        }

        var features = Features(c, panel, mask, samples, splits, facts, status, processorsOnly);

        facts["universe_mean_members"] = Math.Round(Enumerable.Range(0, panel.DateCount).Average(universe.MemberCount), 1);
        facts["features"] = features.Cube.FeatureCount;
        facts["labelled_samples"] = labels.LabeledCount;
        facts["universe_samples"] = samples.Count;
        facts["folds"] = splits.Count;
        var counts = labels.ClassCounts();
        facts["class_balance"] = counts.Select(n => Math.Round(n / (double)Math.Max(1, counts.Sum()), 4)).ToArray();
        return new Prepared
        {
            Config = c,
            Panel = panel,
            Universe = universe,
            UniverseMask = mask,
            Cube = features.Cube,
            Labels = labels,
            Weights = weights,
            Statics = statics,
            Samples = samples,
            Splits = splits,
            Cpcv = cpcv,
            FoldFeatures = features.FoldFeatures,
            MarketScaler = features.MarketScaler,
            RegimeModel = features.RegimeModel,
            DataFacts = facts,
        };
    }

    /// <summary>
    /// Computes the feature cube after the splits are known. Per-stock columns are winsorised and z-scored (or ranked)
    /// across stocks per day; market columns are standardised with statistics of the first fold's training window.
    /// With <c>features.regimes</c>, a Gaussian HMM regime model is fitted ONCE on that same window (every date up to
    /// the last training sample date of fold 0, which precedes every test period) and its causal filtered
    /// probabilities regime_p0..regime_p{S−1} are appended as market columns, left raw (not z-scored) because the
    /// regime-gated model reads them as probabilities. One fit before all test periods rather than a refit per fold:
    /// the cube is shared by every fold, and a per-fold refit would need one cube per fold; a single fit that no test
    /// date informs is leak-free for every fold, at the cost of later folds not updating their regime parameters.
    /// Under purged_kfold and cpcv no window precedes every test period: the cube is built with fold 0's fits and
    /// <see cref="FoldFeatures"/> refits the market columns (and the regime model) per fold before its cells run.
    /// </summary>
    /// <exception cref="DataValidationException">The regime model cannot be fitted (fewer than 50 training dates or no market input).</exception>
    private static CubeFits Features(ExperimentConfig c, Panel panel, bool[] mask, LabeledSamples samples, IReadOnlyList<Split> splits,
        Dictionary<string, object?> facts, Action<string> status, bool processorsOnly)
    {
        var trainEnd = samples.Dates[samples.Start[splits[0].Train.Max()]];
        var fitWindow = new DateWindow(panel.Dates[0], trainEnd);
        status("features: causal per-stock and market features");
        var set = c.Features.Set is ["default"] ? DefaultSet(c.Features) : FeatureSet.Parse([.. c.Features.Set]);
        var regimeNames = new HashSet<string>(StringComparer.Ordinal);
        var regimeOptions = c.Features.Regimes ? new RegimeModelOptions(States: c.Features.RegimeStates, Seed: c.Seed) : null;
        var cv = c.Split.IsCrossValidation;
        var foldZero = cv ? FitDates.Mask(samples, splits[0], c.Split.EmbargoDays) : null;
        RegimeModel? regimeModel = null;
        if (regimeOptions is not null)
        {
            status(cv
                ? $"regimes: {c.Features.RegimeStates}-state Gaussian HMM refitted per fold on its training dates"
                : $"regimes: {c.Features.RegimeStates}-state Gaussian HMM fitted on {fitWindow.First:yyyy-MM-dd}..{fitWindow.Last:yyyy-MM-dd} (first fold's training window)");
            try
            {
                regimeModel = foldZero is not null ? RegimeModel.Fit(panel, foldZero, regimeOptions) : RegimeModel.Fit(panel, fitWindow, regimeOptions);
            }
            catch (ArgumentException e)
            {
                throw new DataValidationException("config", 0, "features.regimes", $"features.regimes: the regime model cannot be fitted ({e.Message}); set features.regimes: false");
            }

            var regime = new RegimeProbabilityFeature(regimeModel);
            set.MarketFeatures.Add(regime);
            regimeNames.UnionWith(regime.Names);
            if (cv)
            {
                facts["regime_fit"] = "per fold: every date outside the fold's test periods and embargo";
            }
            else
            {
                facts["regime_fit_first"] = fitWindow.First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                facts["regime_fit_last"] = fitWindow.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }

            facts["regime_inputs"] = string.Join(" ", regime.Model.Inputs);
        }

        // Only the rows the run can read are kept: the L-day windows of universe members (samples, test rows, daily
        // signals). The cube is built column by column without the dense T × N × K intermediate; stored values are
        // bitwise those of the dense path (FeaturePipeline + CrossSectional + ZScoreProcessor, see SparseFeatureBuilder).
        var crossSection = c.Features.CrossSection switch
        {
            "zscore" => SparseFeatureBuilder.CrossSection.ZScore,
            "rank" => SparseFeatureBuilder.CrossSection.Rank,
            _ => SparseFeatureBuilder.CrossSection.None,
        };
        if (processorsOnly)
        {
            var names = new FeaturePipeline(set).Names;
            set.StockFeatures.Clear();
            var none = new bool[panel.CodeCount * panel.DateCount];
            SparseFeatureBuilder.Build(panel, set, none, crossSection, fitWindow, regimeNames, c.Threads, out var scaling);
            return new CubeFits(new FeatureCube(panel.Dates, panel.Codes, names, none), scaling, regimeModel, null);
        }

        var stored = SparseFeatureBuilder.WindowRows(mask, panel.DateCount, c.Features.Lookback);
        var cube = SparseFeatureBuilder.Build(panel, set, stored, crossSection, fitWindow, regimeNames, c.Threads, out var marketScaling);
        FoldFeatures? foldFeatures = null;
        if (cv)
        {
            // The cube's market columns hold fold 0's fits from here on; every fold activates its own before training.
            marketScaling = null;
            foldFeatures = FoldFeatures.Create(c, panel, cube, samples, splits, set, regimeNames, regimeOptions);
            foldFeatures.Activate(0, status);
        }

        status($"  cube: {cube.StoredRows:N0} of {(long)panel.DateCount * panel.CodeCount:N0} stock-days stored (universe windows) x {cube.FeatureCount} features = {cube.Values.LongLength * 4 / 1e6:N0} MB");
        return new CubeFits(cube, marketScaling, regimeModel, foldFeatures);
    }

    /// <summary>The yearly walk-forward folds from split.first_test_year (default: two years after the first date) to split.last_test_year.</summary>
    /// <exception cref="DataValidationException">No fold has test samples.</exception>
    private static SchemeSplitSet WalkForwardSplits(ExperimentConfig c, Panel panel, LabeledSamples samples)
    {
        var firstYear = c.Split.FirstTestYear ?? DefaultFirstTestYear(panel);
        var yearly = WalkForward.Yearly(samples, new WalkForwardOptions(firstYear, c.Split.Window == "rolling" ? c.Split.TrainYears : null, c.Split.EmbargoDays));
        var splits = yearly.Where(s => c.Split.LastTestYear is not { } last || samples.Dates[samples.Start[s.Test[0]]].Year <= last).ToList();
        if (splits.Count == 0)
        {
            throw new DataValidationException("config", 0, "split.first_test_year", $"split.first_test_year: no walk-forward fold, no test samples from {firstYear} on (data {panel.Dates[0]:yyyy-MM-dd}..{panel.Dates[^1]:yyyy-MM-dd}, split.last_test_year {c.Split.LastTestYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }

        return new SchemeSplitSet(splits, null, new Dictionary<string, object?>());
    }

    /// <summary>The feature cube and the statistics fitted for it.</summary>
    private sealed record CubeFits(FeatureCube Cube, MarketScaling? MarketScaler, RegimeModel? RegimeModel, FoldFeatures? FoldFeatures);

    /// <summary>The universe rules of the config (shared with the out-of-time panel); <c>data.markets</c> is applied per date (the market of that date).</summary>
    internal static UniverseRules UniverseRulesOf(UniverseConfig u, DataConfig d) => new()
    {
        Markets = d.Markets.Select(PanelLoader.ParseMarket).ToHashSet(),
        MinAverageTradingValue = u.MinAvgValueKrw,
        LiquidityWindow = u.AvgValueDays,
        MinPrice = u.MinPrice,
        MinMarketCap = u.MinMarketCapKrw,
        SmallCapFraction = u.SmallCapBand,
        MinHistoryDays = u.MinHistoryDays,
    };

    /// <summary>
    /// Per-cell sample weights of the config's weighting, each multiplied by the time decay of <c>labels.time_decay</c>
    /// (AFML 4.5; exactly 1 everywhere at the default c = 1, so the weights are then bitwise the undecayed ones):
    /// uniqueness → ū · d; return_attribution → attribution · d renormalised to mean 1 (<see cref="LabelWeightSet.Combined"/>);
    /// none → d (1 where a cell has no label).
    /// </summary>
    internal static float[] SampleWeights(LabelsConfig l, LabelSet labels, Panel panel)
    {
        var weights = LabelWeights.Compute(labels, panel, l.TimeDecay);
        return l.Weights switch
        {
            "uniqueness" => Decayed(weights.Uniqueness, weights.Decay),
            "return_attribution" => weights.Combined,
            _ => Array.ConvertAll(weights.Decay, d => float.IsFinite(d) ? d : 1f),
        };
    }

    private static float[] Decayed(float[] weights, float[] decay)
    {
        var result = new float[weights.Length];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = weights[k] * decay[k];
        }

        return result;
    }

    /// <summary>The default feature set, lighter without wavelets when they are switched off.</summary>
    internal static FeatureSet DefaultSet(FeaturesConfig f)
    {
        var specs = new List<string>
        {
            "returns:1:5:20:60:120", "vol:20:60", "rsi:14", "macd:12:26:9", "bollinger:20:2", "liquidity:60:20",
            "range:252", "limits", "age", "ffd:0.4:1e-4", "index:KOSDAQ", "index:KOSPI", "breadth:50", "vix",
        };
        if (f.Wavelets)
        {
            specs.Add($"wavelet:haar:{f.WaveletLevels}");
            specs.Add($"wavelet:la8:{f.WaveletLevels}");
        }

        return FeatureSet.Parse([.. specs]);
    }

    /// <summary>The label method of the config; cs_tercile and <c>labels.target: excess</c> read the universe mask (membership at each label's date).</summary>
    internal static ILabelMethod LabelMethod(LabelsConfig l, bool[] universe) => LabelMethods.Create(l.ToSettings(), universe, l.Target == "excess");

    /// <summary>Without a configured first test year: two years of training history after the first date.</summary>
    private static int DefaultFirstTestYear(Panel panel) => panel.Dates[0].Year + 2 + (panel.Dates[0].Month > 1 ? 1 : 0);
}
