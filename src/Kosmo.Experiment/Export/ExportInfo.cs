using System.Globalization;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Models.Onnx;

namespace Kosmo.Experiment.Export;

/// <summary>
/// What an exported graph carries besides the weights: the market columns' fitted z-score baked in as the input
/// scaling, and metadata that states the caller's part (the per-stock columns' cross-sectional scaling, the static
/// category codes), the run, the model's origin and the weight file's checksum.
/// </summary>
internal static class ExportInfo
{
    /// <summary>Output class names: down, flat, up for three classes, else class_0 .. class_{C-1} (the label method's order).</summary>
    public static string[] ClassNames(int classes) =>
        classes == 3 ? [.. ModelSet.ClassOrder] : [.. Enumerable.Range(0, classes).Select(c => string.Create(CultureInfo.InvariantCulture, $"class_{c}"))];

    /// <summary>The export info of a located model.</summary>
    public static OnnxModelInfo Of(ExportSource source, string runDir)
    {
        ArgumentNullException.ThrowIfNull(source);
        var p = source.Processors;
        var names = p.FeatureNames;
        var market = names.Where(p.Market.ContainsKey).ToList();
        var regime = names.Where(n => n.StartsWith("regime_p", StringComparison.Ordinal) && !p.Market.ContainsKey(n)).ToList();
        var stock = names.Except(market).Except(regime).ToList();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run"] = Path.GetFullPath(runDir),
            ["origin"] = source.Origin,
            ["weights_sha256"] = ModelSet.Sha256Of(source.File),
            ["config_hash"] = p.ConfigHash,
            ["market_zscore_columns"] = string.Join(",", market),
            ["market_zscore_fit"] = string.Create(CultureInfo.InvariantCulture, $"{p.FitFirst:yyyy-MM-dd}..{p.FitLast:yyyy-MM-dd}"),
            ["cross_section"] = source.Config.Features.CrossSection,
            ["cross_section_columns"] = string.Join(",", stock),
            ["raw_columns"] = string.Join(",", regime),
            ["static_categorical"] = string.Join(",", NeuralRunner.StaticNames),
            ["static_market_codes"] = "0 unknown,1 KOSPI,2 KOSDAQ,3 KOSDAQ GLOBAL,4 KONEX (the market on the signal date)",
            ["static_dept_codes"] = "0 none/other,1 우량기업부,2 벤처기업부,3 중견기업부,4 기술성장기업부,5 관리종목,6 투자주의환기종목,7 SPAC,8 외국기업",
        };
        return new OnnxModelInfo(source.Config.Features.Lookback, names, OnnxInputScaling.ZScore(names, p.Market), ClassNames(source.Config.Labels.Classes), metadata);
    }
}
