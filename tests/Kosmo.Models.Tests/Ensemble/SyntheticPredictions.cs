using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.Ensemble;

/// <summary>
/// A synthetic 3-class problem with known true probabilities q = softmax(z), z ~ N(0, 1.5²) per class, labels
/// drawn from q, and member models that distort q in known ways (test helper).
/// </summary>
internal sealed class SyntheticPredictions
{
    private readonly double[][] _logQ;

    public SyntheticPredictions(int dates, int codes, int seed)
    {
        var rng = new Random(seed);
        Keys = [.. Enumerable.Range(0, dates).SelectMany(d => Enumerable.Range(0, codes).Select(c => (new DateOnly(2024, 1, 1).AddDays(d), $"{c:D6}")))];
        _logQ = new double[Keys.Length][];
        Labels = new LabelRecord[Keys.Length];
        for (var i = 0; i < Keys.Length; i++)
        {
            var z = Enumerable.Range(0, 3).Select(_ => 1.5 * Normal(rng)).ToArray();
            _logQ[i] = LogSoftmax(z);
            var u = rng.NextDouble();
            var y = u < Math.Exp(_logQ[i][0]) ? 0 : u < Math.Exp(_logQ[i][0]) + Math.Exp(_logQ[i][1]) ? 1 : 2;
            Labels[i] = new LabelRecord(Keys[i].Date, Keys[i].Code, y, 0.0);
        }
    }

    public (DateOnly Date, string Code)[] Keys { get; }

    public LabelRecord[] Labels { get; }

    /// <summary>softmax(sharpness · ln q + noise · ε), ε ~ N(0, 1) per class and row (its own seed).</summary>
    public PredictionRecord[] Member(string name, double sharpness, double noise, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, Keys.Length).Select(i =>
        {
            var p = LogSoftmax(Enumerable.Range(0, 3).Select(k => sharpness * _logQ[i][k] + noise * Normal(rng)).ToArray()).Select(Math.Exp).ToArray();
            return Record(i, name, p);
        })];
    }

    /// <summary>Puts 0.98 on the realised label (a "perfect" model).</summary>
    public PredictionRecord[] Perfect(string name) =>
        [.. Enumerable.Range(0, Keys.Length).Select(i => Record(i, name, Enumerable.Range(0, 3).Select(k => k == Labels[i].Label ? 0.98 : 0.01).ToArray()))];

    /// <summary>1/3 everywhere (an uninformative model).</summary>
    public PredictionRecord[] Uniform(string name) =>
        [.. Enumerable.Range(0, Keys.Length).Select(i => Record(i, name, [1 / 3.0, 1 / 3.0, 1 / 3.0]))];

    /// <summary>Mean log loss of rows against the labels (the evaluator's definition).</summary>
    public double LogLoss(IReadOnlyList<PredictionRecord> rows)
    {
        var label = Labels.ToDictionary(l => (l.Date, l.Code), l => l.Label);
        return rows.Average(r =>
        {
            double[] p = [r.PDown, r.PFlat, r.PUp];
            return -Math.Log(Math.Max(p[label[(r.Date, r.Code)]] / p.Sum(), 1e-15));
        });
    }

    private PredictionRecord Record(int i, string name, double[] p) =>
        new(Keys[i].Date, Keys[i].Code, name, (float)p[0], (float)p[1], (float)p[2]);

    private static double[] LogSoftmax(double[] z)
    {
        var max = z.Max();
        var lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        return z.Select(v => v - lse).ToArray();
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
