using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Models.Abstractions;

namespace Kosmo.Models.Baselines;

/// <summary>
/// A momentum rule turned into class probabilities. On each date the momentum score (one feature column, e.g. the
/// 12-1 month return or the 20-day return) is ranked across the stocks of that date (average ranks for ties) and
/// mapped to a percentile u = (rank − 1) / (n − 1) (0.5 when one stock) and a bucket min(⌊u · Q⌋, Q − 1).
/// Fit learns, per bucket, the class frequencies of the training rows, weighted by sample weight and smoothed with
/// <c>prior</c> pseudo-rows spread in the overall training class frequencies:
/// P(k | bucket) = (Σ_{bucket, y=k} w + α π_k) / (Σ_bucket w + α). Rows whose score is missing get π.
/// So the rule says "higher momentum today ranks higher", and the training window says how often each rank bucket
/// actually went down, flat or up (or, with C classes, fell in each of the C label classes: the table generalises
/// unchanged to any label method); nothing about the test window is used.
/// </summary>
public sealed class MomentumRuleClassifier : IClassifier
{
    private readonly int Classes;
    private readonly int _buckets;
    private readonly double _prior;
    private double[]? _table;
    private double[]? _overall;

    /// <summary>Creates an unfitted rule.</summary>
    /// <param name="name">Model name, e.g. "mom_12_1".</param>
    /// <param name="feature">The feature column holding the momentum score.</param>
    /// <param name="buckets">Q, cross-sectional quantile buckets (default 5).</param>
    /// <param name="prior">α, smoothing pseudo-weight per bucket (default 10).</param>
    /// <param name="classes">C, the number of label classes (labels 0..C−1).</param>
    /// <exception cref="ArgumentOutOfRangeException">Q below 1, α negative or C below 2.</exception>
    public MomentumRuleClassifier(string name, string feature, int buckets = 5, double prior = 10.0, int classes = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prior);
        Name = name;
        Feature = feature;
        _buckets = buckets;
        _prior = prior;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The feature column ranked.</summary>
    public string Feature { get; }

    /// <summary>Learned P(class | bucket), (Q, C) row-major; null before Fit.</summary>
    public IReadOnlyList<double>? BucketProbabilities => _table;

    /// <summary>The 12-1 month momentum rule (return from t−252 to t−21 trading days) on feature <paramref name="feature"/>.</summary>
    public static MomentumRuleClassifier TwelveMinusOne(string feature = "mom_12_1") => new("mom_12_1", feature);

    /// <summary>The 20-day return rule on feature <paramref name="feature"/>.</summary>
    public static MomentumRuleClassifier TwentyDay(string feature = "ret_20") => new("mom_20d", feature);

    /// <summary>Bucket of each row (−1 when the score is missing), ranking within each date.</summary>
    public int[] Buckets(TabularSet rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var f = rows.IndexOf(Feature);
        var bucket = new int[rows.Rows];
        Array.Fill(bucket, -1);
        foreach (var day in rows.RowsByDate())
        {
            var valid = day.Where(i => float.IsFinite(rows.Get(i, f))).ToArray();
            if (valid.Length == 0)
            {
                continue;
            }

            var ranks = Kosmo.Models.Evaluation.Correlation.AverageRanks([.. valid.Select(i => (double)rows.Get(i, f))]);
            for (var j = 0; j < valid.Length; j++)
            {
                var u = valid.Length == 1 ? 0.5 : (ranks[j] - 1.0) / (valid.Length - 1);
                bucket[valid[j]] = Math.Min((int)(u * _buckets), _buckets - 1);
            }
        }

        return bucket;
    }

    /// <inheritdoc />
    public void Fit(TabularSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var bucket = Buckets(train);
        var counts = new double[_buckets * Classes];
        var overall = new double[Classes];
        for (var i = 0; i < train.Rows; i++)
        {
            if (train.Labels[i] < 0)
            {
                continue;
            }

            if (train.Labels[i] >= Classes)
            {
                throw new ArgumentException($"{Name}: label {train.Labels[i]} of row {i} is outside 0..{Classes - 1}.", nameof(train));
            }

            overall[train.Labels[i]] += train.Weights[i];
            if (bucket[i] >= 0)
            {
                counts[(bucket[i] * Classes) + train.Labels[i]] += train.Weights[i];
            }
        }

        var total = overall.Sum();
        if (total <= 0)
        {
            throw new ArgumentException("No labelled rows with positive weight.", nameof(train));
        }

        _overall = [.. overall.Select(c => c / total)];
        _table = new double[_buckets * Classes];
        for (var b = 0; b < _buckets; b++)
        {
            var mass = 0.0;
            for (var k = 0; k < Classes; k++)
            {
                mass += counts[(b * Classes) + k];
            }

            for (var k = 0; k < Classes; k++)
            {
                _table[(b * Classes) + k] = mass + _prior > 0 ? (counts[(b * Classes) + k] + (_prior * _overall[k])) / (mass + _prior) : _overall[k];
            }
        }
    }

    /// <inheritdoc />
    public float[] PredictProba(TabularSet rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = _table ?? throw new InvalidOperationException($"{Name}: call Fit before PredictProba.");
        var bucket = Buckets(rows);
        var result = new float[rows.Rows * Classes];
        for (var i = 0; i < rows.Rows; i++)
        {
            for (var k = 0; k < Classes; k++)
            {
                result[(i * Classes) + k] = (float)(bucket[i] >= 0 ? table[(bucket[i] * Classes) + k] : _overall![k]);
            }
        }

        return result;
    }

    /// <summary>
    /// The fitted rule as JSON: <c>{"kind":"momentum_rule","name","feature","buckets","prior","overall":[3],
    /// "table":[Q·3]}</c> (class order down/flat/up; doubles round-trip exact).
    /// </summary>
    /// <exception cref="InvalidOperationException">Before Fit.</exception>
    public string Save()
    {
        var table = _table ?? throw new InvalidOperationException($"{Name}: call Fit before Save.");
        var o = new JsonObject
        {
            ["kind"] = "momentum_rule",
            ["name"] = Name,
            ["feature"] = Feature,
            ["buckets"] = _buckets,
            ["prior"] = _prior,
            ["classes"] = Classes == 3 ? new JsonArray("down", "flat", "up") : new JsonArray([.. Enumerable.Range(0, Classes).Select(k => JsonValue.Create($"p_{k}"))]),
            ["overall"] = new JsonArray([.. _overall!.Select(v => JsonValue.Create(v))]),
            ["table"] = new JsonArray([.. table.Select(v => JsonValue.Create(v))]),
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A fitted rule from <see cref="Save"/>'s JSON.</summary>
    /// <exception cref="FormatException">The JSON is not a saved momentum rule or its table has the wrong size.</exception>
    public static MomentumRuleClassifier Load(string json)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            if ((string?)o["kind"] != "momentum_rule")
            {
                throw new FormatException("not a saved momentum rule (kind != momentum_rule)");
            }

            var classes = o["classes"] is JsonArray named ? named.Count : 3;
            var rule = new MomentumRuleClassifier((string)o["name"]!, (string)o["feature"]!, (int)o["buckets"]!, (double)o["prior"]!, classes);
            var table = o["table"]!.AsArray().Select(n => (double)n!).ToArray();
            var overall = o["overall"]!.AsArray().Select(n => (double)n!).ToArray();
            if (table.Length != rule._buckets * classes || overall.Length != classes)
            {
                throw new FormatException($"table of {table.Length} and overall of {overall.Length} values for {rule._buckets} buckets");
            }

            rule._table = table;
            rule._overall = overall;
            return rule;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new FormatException($"not a saved momentum rule: {e.Message}", e);
        }
    }
}
