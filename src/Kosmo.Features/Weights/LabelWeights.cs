using Kosmo.Core;
using Kosmo.Features.Labels;

namespace Kosmo.Features.Weights;

/// <summary>
/// Sample weights for a panel's labels. Concurrency is counted per stock (each stock's labels overlap only
/// with that stock's labels: AFML's single-instrument definition applied stock by stock, so a busy cross-section
/// does not shrink every weight alike). A label at t lives on the bars t+1..T1 (the days whose returns drive it).
/// Bar returns are log returns of the adjusted close between consecutive trading days (0 on halts).
/// Time decay orders all labelled cells of the panel by date (then code) and applies
/// <see cref="SampleWeights.TimeDecay"/> to their cumulative uniqueness.
/// </summary>
public static class LabelWeights
{
    /// <summary>Computes the weights.</summary>
    /// <param name="labels">Labels of <paramref name="panel"/>.</param>
    /// <param name="panel">The panel the labels came from.</param>
    /// <param name="decayC">Time-decay parameter c in (-1, 1] (1 = no decay).</param>
    /// <exception cref="ArgumentException">Labels and panel shapes differ.</exception>
    public static LabelWeightSet Compute(LabelSet labels, Panel panel, double decayC = 1.0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(panel);
        if (labels.DateCount != panel.DateCount || labels.CodeCount != panel.CodeCount)
        {
            throw new ArgumentException($"Labels are {labels.DateCount} × {labels.CodeCount} but the panel is {panel.DateCount} × {panel.CodeCount}.", nameof(labels));
        }

        var view = new PriceView(panel);
        int T = view.T, cells = T * view.N;
        var uniq = Nan(cells);
        var attr = Nan(cells);
        var returns = new double[T];
        var starts = new List<int>();
        var ends = new List<int>();
        var cellsOf = new List<int>();
        double attrSum = 0;
        var labelled = 0;
        for (var i = 0; i < view.N; i++)
        {
            starts.Clear();
            ends.Clear();
            cellsOf.Clear();
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                if (labels.Label[k] >= 0)
                {
                    starts.Add(t + 1);
                    ends.Add(labels.T1[k]);
                    cellsOf.Add(k);
                }
            }

            if (cellsOf.Count == 0)
            {
                continue;
            }

            BarReturns(view, i, returns);
            var u = SampleWeights.AverageUniqueness(T, starts.ToArray(), ends.ToArray());
            var w = SampleWeights.ReturnAttribution(returns, starts.ToArray(), ends.ToArray());
            for (var j = 0; j < cellsOf.Count; j++)
            {
                uniq[cellsOf[j]] = (float)u[j];
                attr[cellsOf[j]] = (float)w[j];
                attrSum += w[j];
                labelled++;
            }
        }

        Scale(attr, attrSum > 0 ? labelled / attrSum : 1.0);
        var decay = DecayByDate(uniq, T, view.N, decayC);
        var combined = new float[cells];
        double combinedSum = 0;
        for (var k = 0; k < cells; k++)
        {
            combined[k] = attr[k] * decay[k];
            if (!float.IsNaN(combined[k]))
            {
                combinedSum += combined[k];
            }
        }

        Scale(combined, combinedSum > 0 ? labelled / combinedSum : 1.0);
        return new LabelWeightSet(uniq, attr, decay, combined);
    }

    private static float[] DecayByDate(float[] uniq, int T, int N, double c)
    {
        var order = new List<int>();
        for (var t = 0; t < T; t++)
        {
            for (var i = 0; i < N; i++)
            {
                if (!float.IsNaN(uniq[i * T + t]))
                {
                    order.Add(i * T + t);
                }
            }
        }

        var u = order.Select(k => (double)uniq[k]).ToArray();
        var d = SampleWeights.TimeDecay(u, c);
        var decay = Nan(T * N);
        for (var j = 0; j < order.Count; j++)
        {
            decay[order[j]] = (float)d[j];
        }

        return decay;
    }

    private static void BarReturns(PriceView view, int i, double[] returns)
    {
        var T = view.T;
        var prev = double.NaN;
        for (var t = 0; t < T; t++)
        {
            var k = i * T + t;
            returns[t] = 0;
            if (view.Trading[k] && double.IsFinite(view.Close[k]))
            {
                if (double.IsFinite(prev))
                {
                    returns[t] = Math.Log(view.Close[k] / prev);
                }

                prev = view.Close[k];
            }
        }
    }

    private static void Scale(float[] values, double factor)
    {
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = (float)(values[k] * factor);
        }
    }

    private static float[] Nan(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }
}
