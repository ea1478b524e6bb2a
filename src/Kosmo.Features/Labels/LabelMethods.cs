namespace Kosmo.Features.Labels;

/// <summary>The label-method settings one place reads them from (the experiment's <c>labels:</c> or <c>kosmo labels</c>).</summary>
/// <param name="Method">A name or alias of <see cref="LabelMethods"/>.</param>
/// <param name="Horizon">Horizon h in trading days (trend scanning: the longest span).</param>
/// <param name="ThresholdK">Fixed horizon: flat band half-width in units of daily σ × √h.</param>
/// <param name="ProfitTake">Triple barrier: profit-take multiple of daily σ.</param>
/// <param name="StopLoss">Triple barrier: stop-loss multiple of daily σ.</param>
/// <param name="MinSpan">Trend scanning: shortest span; null = max(3, h / 4).</param>
public sealed record LabelMethodSettings(
    string Method = LabelMethods.FixedHorizon,
    int Horizon = LabelMethods.DefaultHorizon,
    double ThresholdK = 0.5,
    double ProfitTake = 2.0,
    double StopLoss = 2.0,
    int? MinSpan = null);

/// <summary>
/// The one vocabulary of label methods for the YAML config and the command line. Names: <c>fixed_horizon</c>,
/// <c>triple_barrier</c>, <c>trend_scanning</c>, <c>trend_scanning_4</c> (four classes: the experiment's <c>labels.classes: 4</c>
/// with trend_scanning) and <c>cs_tercile</c> (needs the universe, so the experiment only). The short spellings
/// <c>fixed</c>, <c>triple</c>, <c>trend</c> and <c>trend4</c> of earlier <c>kosmo labels</c> versions are aliases.
/// </summary>
public static class LabelMethods
{
    /// <summary>Fixed-horizon return with a volatility-scaled flat band (the default).</summary>
    public const string FixedHorizon = "fixed_horizon";

    /// <summary>Triple barrier (profit take, stop loss, vertical barrier).</summary>
    public const string TripleBarrier = "triple_barrier";

    /// <summary>Trend scanning, three classes.</summary>
    public const string TrendScanning = "trend_scanning";

    /// <summary>Trend scanning, four classes.</summary>
    public const string TrendScanningFourClass = "trend_scanning_4";

    /// <summary>Per-date terciles of the universe's forward returns.</summary>
    public const string CrossSectionalTercile = "cs_tercile";

    /// <summary>The default horizon in trading days.</summary>
    public const int DefaultHorizon = 20;

    /// <summary>The three-class methods an experiment can train on.</summary>
    public static readonly IReadOnlyList<string> ExperimentNames = [FixedHorizon, TripleBarrier, TrendScanning, CrossSectionalTercile];

    /// <summary>Every method name.</summary>
    public static readonly IReadOnlyList<string> Names = [FixedHorizon, TripleBarrier, TrendScanning, TrendScanningFourClass, CrossSectionalTercile];

    /// <summary>Older short spellings → names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fixed"] = FixedHorizon,
        ["triple"] = TripleBarrier,
        ["trend"] = TrendScanning,
        ["trend4"] = TrendScanningFourClass,
    };

    /// <summary>The name of a method given by name or alias; null when it is neither.</summary>
    public static string? Canonical(string nameOrAlias) =>
        Names.Contains(nameOrAlias) ? nameOrAlias : Aliases.GetValueOrDefault(nameOrAlias);

    /// <summary>The shortest trend-scanning span used when none is given: max(3, h / 4).</summary>
    public static int DefaultMinSpan(int horizon) => Math.Max(3, horizon / 4);

    /// <summary>
    /// The labeler of <paramref name="settings"/>. <paramref name="universe"/> (code-major membership) is read by
    /// <c>cs_tercile</c> and, for <c>fixed_horizon</c> with <paramref name="excess"/>, subtracted as the equal-weight return.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown method, or cs_tercile / excess without a universe.</exception>
    public static ILabelMethod Create(LabelMethodSettings settings, bool[]? universe = null, bool excess = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var method = Canonical(settings.Method)
            ?? throw new ArgumentException($"Unknown label method '{settings.Method}' (known: {string.Join(", ", Names)}; aliases: {string.Join(", ", Aliases.Keys)}).", nameof(settings));
        if (excess && method != FixedHorizon)
        {
            throw new ArgumentException($"The excess target applies to {FixedHorizon} only, not {method}.", nameof(excess));
        }

        var h = settings.Horizon;
        var minSpan = settings.MinSpan ?? DefaultMinSpan(h);
        return method switch
        {
            CrossSectionalTercile => new CrossSectionalTercileLabeler(h, universe ?? throw new ArgumentException($"{CrossSectionalTercile} needs the universe membership (run it in an experiment).", nameof(universe))),
            TripleBarrier => new TripleBarrierLabeler(new TripleBarrierOptions(h, settings.ProfitTake, settings.StopLoss)),
            TrendScanning => new TrendScanningLabeler(new TrendScanningOptions(minSpan, h)),
            TrendScanningFourClass => new TrendScanningLabeler(new TrendScanningOptions(minSpan, h, TrendScanningMode.FourClass)),
            _ => new FixedHorizonLabeler(new FixedHorizonOptions(h, settings.ThresholdK), excess ? universe ?? throw new ArgumentException("The excess target needs the universe membership.", nameof(universe)) : null),
        };
    }
}
