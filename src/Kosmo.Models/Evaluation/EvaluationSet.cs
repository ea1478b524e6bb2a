using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Evaluation;

/// <summary>
/// One model's test predictions joined with their true labels, sorted by (date, code): the input of
/// <see cref="Evaluator"/>. Probabilities are kept as given (float widened to double); metrics that need a
/// distribution (log loss, Brier, calibration) divide each row by its sum. Every prediction row must have the same
/// number of classes K (3 = down, flat, up; K ≠ 3 from <see cref="PredictionRecord.ClassProbabilities"/>), and every
/// label must lie in 0..K−1.
/// </summary>
public sealed class EvaluationSet
{
    private EvaluationSet(string model, List<(PredictionRecord P, LabelRecord L)> rows, int unlabelled)
    {
        var classes = rows.Count > 0 ? rows[0].P.Classes : ClassLabels.Count;
        rows.Sort(static (a, b) =>
        {
            var c = a.P.Date.CompareTo(b.P.Date);
            return c != 0 ? c : string.CompareOrdinal(a.P.Code, b.P.Code);
        });
        Model = model;
        Unlabelled = unlabelled;
        Count = rows.Count;
        RowDates = new DateOnly[Count];
        Codes = new string[Count];
        Labels = new int[Count];
        FwdReturns = new double[Count];
        Classes = classes;
        Probabilities = new double[Count * classes];
        var dates = new List<DateOnly>();
        var starts = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            var (p, l) = rows[i];
            RowDates[i] = p.Date;
            Codes[i] = p.Code;
            Labels[i] = l.Label;
            FwdReturns[i] = l.FwdReturn;
            if (p.Classes != classes || l.Label < 0 || l.Label >= classes)
            {
                throw new ArgumentException($"Model '{model}' ({p.Date:yyyy-MM-dd}, {p.Code}): {p.Classes} class probabilities and label {l.Label}; the set has {classes} classes.", nameof(rows));
            }

            if (classes == ClassLabels.Count)
            {
                Probabilities[(3 * i) + 0] = p.PDown;
                Probabilities[(3 * i) + 1] = p.PFlat;
                Probabilities[(3 * i) + 2] = p.PUp;
            }
            else
            {
                for (var k = 0; k < classes; k++)
                {
                    Probabilities[(classes * i) + k] = p.ClassProbabilities![k];
                }
            }

            if (i == 0 || p.Date != RowDates[i - 1])
            {
                dates.Add(p.Date);
                starts.Add(i);
            }
        }

        starts.Add(Count);
        Dates = [.. dates];
        DateStarts = [.. starts];
    }

    /// <summary>Model name.</summary>
    public string Model { get; }

    /// <summary>K, the number of classes (3 = down, flat, up).</summary>
    public int Classes { get; }

    /// <summary>Number of labelled rows n.</summary>
    public int Count { get; }

    /// <summary>Predictions of this model that had no label (left out of every metric).</summary>
    public int Unlabelled { get; }

    /// <summary>Date of each row, length n, non-decreasing.</summary>
    public DateOnly[] RowDates { get; }

    /// <summary>Code of each row, length n.</summary>
    public string[] Codes { get; }

    /// <summary>True class of each row (0 down, 1 flat, 2 up; 0..K−1 in general), length n.</summary>
    public int[] Labels { get; }

    /// <summary>Forward return of each row, length n.</summary>
    public double[] FwdReturns { get; }

    /// <summary>Probabilities, (n, K) row-major: p_down, p_flat, p_up for three classes.</summary>
    public double[] Probabilities { get; }

    /// <summary>The distinct dates in order, length D.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Row ranges per date: rows of date d are [DateStarts[d], DateStarts[d + 1]); length D + 1.</summary>
    public int[] DateStarts { get; }

    /// <summary>
    /// Joins the predictions of <paramref name="model"/> with <paramref name="labels"/> on (date, code); predictions
    /// without a label are counted in <see cref="Unlabelled"/> and dropped.
    /// </summary>
    /// <param name="model">The model whose rows are taken from <paramref name="predictions"/>.</param>
    /// <param name="predictions">Predictions of any models (others are ignored).</param>
    /// <param name="labels">True labels keyed by (date, code).</param>
    /// <param name="keep">Optional filter on (date, code), e.g. the rows common to two models.</param>
    public static EvaluationSet Join(string model, IEnumerable<PredictionRecord> predictions,
        IReadOnlyDictionary<(DateOnly Date, string Code), LabelRecord> labels, Func<DateOnly, string, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        var rows = new List<(PredictionRecord, LabelRecord)>();
        var unlabelled = 0;
        foreach (var p in predictions)
        {
            if (p.Model != model || (keep is not null && !keep(p.Date, p.Code)))
            {
                continue;
            }

            if (labels.TryGetValue((p.Date, p.Code), out var l))
            {
                rows.Add((p, l));
            }
            else
            {
                unlabelled++;
            }
        }

        return new EvaluationSet(model, rows, unlabelled);
    }

    /// <summary>Indexes labels by (date, code).</summary>
    /// <exception cref="ArgumentException">A (date, code) repeats.</exception>
    public static Dictionary<(DateOnly Date, string Code), LabelRecord> IndexLabels(IEnumerable<LabelRecord> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var map = new Dictionary<(DateOnly, string), LabelRecord>();
        foreach (var l in labels)
        {
            if (!map.TryAdd((l.Date, l.Code), l))
            {
                throw new ArgumentException($"Label ({l.Date:yyyy-MM-dd}, {l.Code}) repeats.", nameof(labels));
            }
        }

        return map;
    }

    /// <summary>The predicted class of row i: argmax of the probabilities, the lowest class on ties.</summary>
    public int Predicted(int i)
    {
        var best = 0;
        var c = Classes;
        for (var k = 1; k < c; k++)
        {
            if (Probabilities[(c * i) + k] > Probabilities[(c * i) + best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>Probability of class k in row i after dividing the row by its sum.</summary>
    public double Normalised(int i, int k)
    {
        var c = Classes;
        if (c == ClassLabels.Count)
        {
            var s3 = Probabilities[3 * i] + Probabilities[(3 * i) + 1] + Probabilities[(3 * i) + 2];
            return Probabilities[(3 * i) + k] / s3;
        }

        double s = 0;
        for (var j = 0; j < c; j++)
        {
            s += Probabilities[(c * i) + j];
        }

        return Probabilities[(c * i) + k] / s;
    }

    /// <summary>
    /// The ranking score of row i: P(up) − P(down) for three classes; for K classes the expected class value
    /// Σ_k v_k p_k with v_k = (2k − (K−1)) / (K−1) (<see cref="Kosmo.Core.ClassScore"/>), which is P(up) − P(down) at K = 3.
    /// </summary>
    public double Score(int i) => Classes == ClassLabels.Count
        ? Probabilities[(3 * i) + 2] - Probabilities[3 * i]
        : Kosmo.Core.ClassScore.Expected(Probabilities.AsSpan(Classes * i, Classes));
}
