using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Ensemble;

/// <summary>
/// Combines several models' class probabilities for the same (date, code) into one model's
/// <see cref="PredictionRecord"/> rows, a linear opinion pool p = Σ_m w_m p_m with weights from each member's
/// validation behaviour (see <see cref="EnsembleMethod"/>). <see cref="Fit"/> reads validation predictions and
/// labels: optional per-member temperature (<see cref="TemperatureScaler"/>), then each member's validation log
/// loss on the common rows (labelled and predicted by every member). <see cref="Combine"/> applies the same
/// temperatures to test rows; a (date, code) that some members lack is pooled over the members present, weights
/// renormalised (BestSingle then takes the best member present).
/// </summary>
public sealed class EnsembleCombiner
{
    private readonly Dictionary<string, int> _index;
    private readonly TemperatureScaler?[] _scalers;
    private readonly double[] _loss;
    private readonly EnsembleOptions _options;

    private EnsembleCombiner(string[] members, TemperatureScaler?[] scalers, double[] rawLoss, double[] loss, int rows, EnsembleOptions options)
    {
        Members = members;
        _index = members.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        _scalers = scalers;
        _loss = loss;
        _options = options;
        ValidationRows = rows;
        RawValidationLogLoss = members.Select((m, i) => (m, rawLoss[i])).ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);
        ValidationLogLoss = members.Select((m, i) => (m, loss[i])).ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);
        Temperatures = members.Select((m, i) => (m, scalers[i]?.Temperature ?? 1.0)).ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);
        BestMember = members[Array.IndexOf(loss, loss.Min())];
    }

    /// <summary>Member model names, ordinal order (M).</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>Number of common validation rows the losses and temperatures were computed on.</summary>
    public int ValidationRows { get; }

    /// <summary>Each member's mean validation log loss before temperature scaling.</summary>
    public IReadOnlyDictionary<string, double> RawValidationLogLoss { get; }

    /// <summary>Each member's mean validation log loss after temperature scaling (the weighting input).</summary>
    public IReadOnlyDictionary<string, double> ValidationLogLoss { get; }

    /// <summary>Each member's fitted temperature (1 when scaling is off).</summary>
    public IReadOnlyDictionary<string, double> Temperatures { get; }

    /// <summary>The member with the lowest validation log loss (first in ordinal order on ties).</summary>
    public string BestMember { get; }

    /// <summary>The output model name of a method: ensemble_equal, ensemble_invloss, ensemble_entropy, ensemble_best.</summary>
    public static string DefaultName(EnsembleMethod method) => method switch
    {
        EnsembleMethod.Equal => "ensemble_equal",
        EnsembleMethod.InverseLogLoss => "ensemble_invloss",
        EnsembleMethod.Entropy => "ensemble_entropy",
        EnsembleMethod.BestSingle => "ensemble_best",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown ensemble method."),
    };

    /// <summary>Fits temperatures and validation losses.</summary>
    /// <param name="validation">Validation predictions of every member (the Model field names the member).</param>
    /// <param name="labels">True labels of the validation rows.</param>
    /// <param name="options">Weighting settings (defaults when null).</param>
    /// <exception cref="ArgumentException">Fewer than one member, a repeated (date, code, model), or no common labelled row.</exception>
    public static EnsembleCombiner Fit(IEnumerable<PredictionRecord> validation, IEnumerable<LabelRecord> labels, EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new EnsembleOptions();
        var byModel = Group(validation);
        var members = byModel.Keys.Order(StringComparer.Ordinal).ToArray();
        if (members.Length == 0)
        {
            throw new ArgumentException("No validation predictions.", nameof(validation));
        }

        var labelOf = new Dictionary<(DateOnly, string), int>();
        foreach (var l in labels)
        {
            labelOf[(l.Date, l.Code)] = l.Label;
        }

        var common = labelOf.Keys.Where(k => members.All(m => byModel[m].ContainsKey(k))).Order().ToArray();
        if (common.Length == 0)
        {
            throw new ArgumentException("No (date, code) is labelled and predicted by every member.", nameof(labels));
        }

        var y = common.Select(k => labelOf[k]).ToArray();
        var scalers = new TemperatureScaler?[members.Length];
        var raw = new double[members.Length];
        var loss = new double[members.Length];
        for (var m = 0; m < members.Length; m++)
        {
            var p = new double[3 * common.Length];
            for (var i = 0; i < common.Length; i++)
            {
                var r = byModel[members[m]][common[i]];
                (p[3 * i], p[3 * i + 1], p[3 * i + 2]) = (r.PDown, r.PFlat, r.PUp);
            }

            raw[m] = TemperatureScaler.MeanLogLoss(p, y, 1.0);
            if (options.TemperatureScaling)
            {
                scalers[m] = TemperatureScaler.Fit(p, y);
                loss[m] = TemperatureScaler.MeanLogLoss(p, y, 1 / scalers[m]!.Temperature);
            }
            else
            {
                loss[m] = raw[m];
            }
        }

        return new EnsembleCombiner(members, scalers, raw, loss, common.Length, options);
    }

    /// <summary>
    /// Member weights for a row on which <paramref name="present"/> members predicted (M flags), given their
    /// (temperature-scaled) probabilities probs (M × 3, row-major; absent rows ignored). Sums to 1 over present members.
    /// </summary>
    /// <exception cref="ArgumentException">No member present or wrong lengths.</exception>
    public double[] RowWeights(ReadOnlySpan<double> probs, ReadOnlySpan<bool> present, EnsembleMethod method)
    {
        var n = Members.Count;
        if (present.Length != n || probs.Length != 3 * n)
        {
            throw new ArgumentException($"Expected {n} presence flags and {3 * n} probabilities.");
        }

        var w = new double[n];
        var minLoss = double.PositiveInfinity;
        for (var m = 0; m < n; m++)
        {
            if (present[m])
            {
                minLoss = Math.Min(minLoss, _loss[m]);
            }
        }

        if (double.IsPositiveInfinity(minLoss))
        {
            throw new ArgumentException("No member is present on this row.", nameof(present));
        }

        var best = -1;
        for (var m = 0; m < n; m++)
        {
            if (!present[m])
            {
                continue;
            }

            w[m] = method switch
            {
                EnsembleMethod.Equal => 1,
                EnsembleMethod.InverseLogLoss => _options.Reciprocal ? 1 / Math.Max(_loss[m], 1e-12) : Math.Exp(-_options.Beta * (_loss[m] - minLoss)),
                EnsembleMethod.Entropy => Math.Exp(-_options.Gamma * ProbabilityMath.Entropy(probs.Slice(3 * m, 3))),
                EnsembleMethod.BestSingle => 0,
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown ensemble method."),
            };
            if (best < 0 || _loss[m] < _loss[best])
            {
                best = m;
            }
        }

        if (method == EnsembleMethod.BestSingle)
        {
            w[best] = 1;
        }

        var z = w.Sum();
        for (var m = 0; m < n; m++)
        {
            w[m] /= z;
        }

        return w;
    }

    /// <summary>
    /// Pools test predictions of the members into rows of one model (name <paramref name="name"/>, default
    /// <see cref="DefaultName"/>), one per (date, code) predicted by at least one member, sorted by (date, code).
    /// </summary>
    /// <exception cref="ArgumentException">A row of a model that is not a member, or a repeated (date, code, model).</exception>
    public IReadOnlyList<PredictionRecord> Combine(IEnumerable<PredictionRecord> test, EnsembleMethod method, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        name ??= DefaultName(method);
        var n = Members.Count;
        var rows = new SortedDictionary<(DateOnly, string), PredictionRecord?[]>();
        foreach (var r in test)
        {
            if (!_index.TryGetValue(r.Model, out var m))
            {
                throw new ArgumentException($"Model '{r.Model}' was not among the validation members ({string.Join(", ", Members)}).", nameof(test));
            }

            if (!rows.TryGetValue((r.Date, r.Code), out var slot))
            {
                rows[(r.Date, r.Code)] = slot = new PredictionRecord?[n];
            }

            if (slot[m] is not null)
            {
                throw new ArgumentException($"Repeated prediction for {r.Date:yyyy-MM-dd} {r.Code} by {r.Model}.", nameof(test));
            }

            slot[m] = r;
        }

        var output = new List<PredictionRecord>(rows.Count);
        var probs = new double[3 * n];
        var present = new bool[n];
        foreach (var ((date, code), slot) in rows)
        {
            for (var m = 0; m < n; m++)
            {
                present[m] = slot[m] is not null;
                if (slot[m] is { } r)
                {
                    (probs[3 * m], probs[3 * m + 1], probs[3 * m + 2]) = (r.PDown, r.PFlat, r.PUp);
                    var row = probs.AsSpan(3 * m, 3);
                    var s = row[0] + row[1] + row[2];
                    for (var k = 0; k < 3; k++)
                    {
                        row[k] /= s;
                    }

                    _scalers[m]?.Apply(row);
                }
            }

            var w = RowWeights(probs, present, method);
            double d = 0, f = 0, u = 0;
            for (var m = 0; m < n; m++)
            {
                d += w[m] * probs[3 * m];
                f += w[m] * probs[3 * m + 1];
                u += w[m] * probs[3 * m + 2];
            }

            output.Add(new PredictionRecord(date, code, name, (float)d, (float)f, (float)u));
        }

        return output;
    }

    private static Dictionary<string, Dictionary<(DateOnly, string), PredictionRecord>> Group(IEnumerable<PredictionRecord> rows)
    {
        var byModel = new Dictionary<string, Dictionary<(DateOnly, string), PredictionRecord>>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!byModel.TryGetValue(r.Model, out var map))
            {
                byModel[r.Model] = map = [];
            }

            if (!map.TryAdd((r.Date, r.Code), r))
            {
                throw new ArgumentException($"Repeated prediction for {r.Date:yyyy-MM-dd} {r.Code} by {r.Model}.", nameof(rows));
            }
        }

        return byModel;
    }
}
