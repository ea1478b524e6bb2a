using System.Text.RegularExpressions;
using Kosmo.Core;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Zoo;

namespace Kosmo.Experiment;

/// <summary>
/// Builds the model-zoo classifiers (cnn_lstm, unet, vae, regime_experts, wavelet_groups) from the shared
/// <c>model:</c> hyper-parameters (hidden, dropout, heads), the cell seed and the statics (market, dept), and reads the
/// feature-column roles they need (wavelet groups, regime probabilities) from the cube's feature names.
/// </summary>
internal static partial class ZooModels
{
    /// <summary>The zoo's model names as used in configs, predictions.csv and metrics.json.</summary>
    public static readonly IReadOnlyList<string> Names = ["cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups"];

    /// <summary>Builds the zoo model <paramref name="kind"/> named <paramref name="name"/>.</summary>
    /// <param name="kind">One of <see cref="Names"/>.</param>
    /// <param name="name">The model name in the run's outputs.</param>
    /// <param name="input">K, static cardinalities, seed and hyper-parameters of the cell.</param>
    /// <param name="featureNames">The cube's K feature names (for the column roles).</param>
    /// <param name="lookback">Window length L (the VAE's flattened input is L·K).</param>
    /// <exception cref="DataValidationException">The cube lacks the columns the model needs (see <see cref="Validate"/>).</exception>
    public static ISequenceClassifier Build(string kind, string name, NeuralInputs input, IReadOnlyList<string> featureNames, int lookback)
    {
        var m = input.Model;
        var statics = new StaticSpec(input.StaticCardinalities);
        var dropout = (float)m.Dropout;
        return kind switch
        {
            "cnn_lstm" => new CnnLstmClassifier(new CnnLstmOptions(Features: input.Features, Classes: input.Classes, Channels: m.Hidden, Kernel: 3, Pool: 1, Hidden: m.Hidden, Dropout: dropout, Statics: statics, Seed: input.Seed), name),
            "unet" => new UNet1dClassifier(new UNet1dOptions(Features: input.Features, Classes: input.Classes, BaseChannels: Math.Max(4, m.Hidden / 4), Depth: 2, Kernel: 3, Dropout: dropout, Statics: statics, Seed: input.Seed), name),
            "vae" => new VaeClassifier(new VaeOptions(Lookback: lookback, Features: input.Features, Classes: input.Classes, Latent: Math.Max(4, m.Hidden / 8), Hidden: m.Hidden, Dropout: dropout, Statics: statics, Seed: input.Seed), name),
            "regime_experts" => new RegimeExpertClassifier(new RegimeExpertOptions(Features: input.Features, RegimeColumns: RegimeColumns(featureNames), Classes: input.Classes, Hidden: m.Hidden, Heads: m.Heads, Dropout: dropout, Statics: statics, Seed: input.Seed), name),
            "wavelet_groups" => new WaveletGroupClassifier(new WaveletGroupOptions(Features: input.Features, Groups: WaveletGroups(featureNames), Classes: input.Classes, Hidden: Math.Max(4, m.Hidden / 2), Dropout: dropout, Statics: statics, Seed: input.Seed), name),
            _ => throw new ArgumentException($"unknown zoo model '{kind}'", nameof(kind)),
        };
    }

    /// <summary>Fails before any training when a configured zoo model cannot be built from these feature columns.</summary>
    /// <exception cref="DataValidationException">wavelet_groups without wavelet columns, or regime_experts without regime columns.</exception>
    public static void Validate(IEnumerable<string> models, IReadOnlyList<string> featureNames)
    {
        foreach (var kind in models)
        {
            if (kind == "wavelet_groups")
            {
                WaveletGroups(featureNames);
            }
            else if (kind == "regime_experts")
            {
                RegimeColumns(featureNames);
            }
        }
    }

    /// <summary>Indices of regime_p0..regime_p{S−1} in the cube (S ≥ 2, consecutive ids from 0).</summary>
    /// <exception cref="DataValidationException">No regime probability columns.</exception>
    public static int[] RegimeColumns(IReadOnlyList<string> featureNames)
    {
        var columns = new List<int>();
        for (var s = 0; featureNames.Contains($"regime_p{s}"); s++)
        {
            columns.Add(featureNames.ToList().IndexOf($"regime_p{s}"));
        }

        return columns.Count >= 2
            ? [.. columns]
            : throw new DataValidationException("config", 0, "baselines", "regime_experts needs the regime probability columns regime_p0..: set features.regimes: true");
    }

    /// <summary>
    /// Feature groups of the wavelet model, one LSTM each: per MODWT level j every filter's detail wav_F_dj and its
    /// energy wav_F_ej; one group of the smooths wav_F_sJ; and one group of all non-wavelet columns (returns, market
    /// context, regimes ...), so the model sees the same information as the other models. Ordered by level, smooth, rest.
    /// </summary>
    /// <exception cref="DataValidationException">The cube has no wavelet column.</exception>
    public static int[][] WaveletGroups(IReadOnlyList<string> featureNames)
    {
        var levels = new SortedDictionary<int, List<int>>();
        var smooth = new List<int>();
        var rest = new List<int>();
        for (var k = 0; k < featureNames.Count; k++)
        {
            var match = WaveletColumn().Match(featureNames[k]);
            if (!match.Success)
            {
                rest.Add(k);
            }
            else if (match.Groups[1].Value == "s")
            {
                smooth.Add(k);
            }
            else
            {
                var j = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!levels.TryGetValue(j, out var list))
                {
                    levels[j] = list = [];
                }

                list.Add(k);
            }
        }

        if (levels.Count == 0 && smooth.Count == 0)
        {
            throw new DataValidationException("config", 0, "baselines", "wavelet_groups needs wavelet features (wav_*_d1.., wav_*_s*): set features.wavelets: true or add wavelet:haar:4 to features.set");
        }

        var groups = levels.Values.Select(l => l.ToArray()).ToList();
        if (smooth.Count > 0)
        {
            groups.Add([.. smooth]);
        }

        if (rest.Count > 0)
        {
            groups.Add([.. rest]);
        }

        return [.. groups];
    }

    [GeneratedRegex("^wav_[a-z0-9]+_([dse])([0-9]+)$")]
    private static partial Regex WaveletColumn();
}
