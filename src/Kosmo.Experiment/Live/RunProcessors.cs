using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Core;

namespace Kosmo.Experiment.Live;

/// <summary>
/// What a run fitted on data before it predicts anything, saved as <c>RUN/processors.json</c> so a daily prediction can
/// rebuild the run's features from a short window: the feature names in cube order, the market-column z-score
/// statistics and the regime model (fold 0's training window), the run's panel start (the base of <c>years_listed</c>), the lookback, and
/// the hash of the config they belong to. Per-stock columns need nothing saved: they are scaled across stocks per day.
/// </summary>
/// <param name="FeatureNames">The cube's K feature names, in order.</param>
/// <param name="Market">Market column → (mean, population std) of the fitted window.</param>
/// <param name="PanelFirst">The run's first panel date.</param>
/// <param name="FitFirst">First date of the window the market statistics were fitted on.</param>
/// <param name="FitLast">Last date of that window.</param>
/// <param name="Lookback">Window length L of the run's models.</param>
/// <param name="ConfigHash">SHA-256 (hex, 16 characters) of the resolved config (<see cref="HashOf"/>).</param>
/// <param name="Regime">The regime model fitted on the same window (<c>features.regimes</c>), else null.</param>
internal sealed record RunProcessors(string[] FeatureNames, IReadOnlyDictionary<string, (double Mean, double Std)> Market,
    DateOnly PanelFirst, DateOnly FitFirst, DateOnly FitLast, int Lookback, string ConfigHash, Kosmo.Features.Regimes.RegimeModel? Regime)
{
    /// <summary>The file name in the run folder (and in each model set).</summary>
    public const string FileName = RunLayout.ProcessorsFile;

    /// <summary>The market scaling to apply.</summary>
    public MarketScaling Scaling => new(Market);

    /// <summary>The processors of a run's prepare stage.</summary>
    /// <exception cref="InvalidOperationException">The record has no cube or splits (a live or out-of-time record).</exception>
    public static RunProcessors Of(Prepared prepared)
    {
        if (prepared.Cube is null || prepared.Splits.Count == 0)
        {
            throw new InvalidOperationException("The run is not prepared (no cube or splits).");
        }

        var trainEnd = prepared.Samples.Dates[prepared.Samples.Start[prepared.Splits[0].Train.Max()]];
        var market = prepared.MarketScaler?.Statistics ?? new Dictionary<string, (double, double)>();
        return new RunProcessors([.. prepared.Cube.Names], market, prepared.Panel.Dates[0], prepared.Panel.Dates[0], trainEnd, prepared.Config.Features.Lookback, HashOf(prepared.Config), prepared.RegimeModel);
    }

    /// <summary>SHA-256 of the config's resolved YAML (first 16 hex characters): a change to any key changes it.</summary>
    public static string HashOf(ExperimentConfig config) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config.ToYaml())))[..16];

    /// <summary>Writes the file (temp file + rename).</summary>
    public void Write(string path)
    {
        var market = new JsonObject();
        foreach (var (name, (mean, std)) in Market.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            market[name] = new JsonObject { ["mean"] = mean, ["std"] = std };
        }

        var o = new JsonObject
        {
            ["config_hash"] = ConfigHash,
            ["lookback"] = Lookback,
            ["panel_first"] = D(PanelFirst),
            ["market_fit_first"] = D(FitFirst),
            ["market_fit_last"] = D(FitLast),
            ["features"] = new JsonArray([.. FeatureNames.Select(n => JsonValue.Create(n))]),
            ["market_scaling"] = market,
            ["regime_model"] = Regime is null ? null : Kosmo.Features.Regimes.RegimeModelJson.ToJson(Regime),
        };
        AtomicFile.WriteAllText(path, o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="DataValidationException">The file is not valid processors JSON (the message names the file).</exception>
    public static RunProcessors Read(string path)
    {
        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var market = o["market_scaling"]!.AsObject().ToDictionary(p => p.Key, p => ((double)p.Value!["mean"]!, (double)p.Value!["std"]!), StringComparer.Ordinal);
            return new RunProcessors([.. o["features"]!.AsArray().Select(n => (string)n!)], market, P(o["panel_first"]), P(o["market_fit_first"]), P(o["market_fit_last"]),
                (int)o["lookback"]!, (string)o["config_hash"]!, o["regime_model"] is { } r ? Kosmo.Features.Regimes.RegimeModelJson.FromJson(r) : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new DataValidationException(path, 0, "processors", $"not a valid processors file: {e.Message}");
        }
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly P(JsonNode? n) => DateOnly.ParseExact((string)n!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
