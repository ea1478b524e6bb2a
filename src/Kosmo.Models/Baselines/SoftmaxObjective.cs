using System.Numerics;

namespace Kosmo.Models.Baselines;

/// <summary>
/// The penalised, weighted multinomial log-likelihood of <see cref="LogisticRegressionClassifier"/>: value, gradient
/// and exact Hessian over θ = (C, P) row-major, P = F + 1 with column 0 the intercept, C classes.
/// </summary>
internal sealed class SoftmaxObjective
{
    private readonly int Classes;
    private readonly double[] _design;
    private readonly int _p;
    private readonly int[] _rows;
    private readonly int[] _labels;
    private readonly double[] _omega;
    private readonly double _omegaSum;
    private readonly double _l2;

    public SoftmaxObjective(double[] design, int p, int[] rows, int[] labels, double[] omega, double l2, int classes = 3)
    {
        Classes = classes;
        _design = design;
        _p = p;
        _rows = rows;
        _labels = labels;
        _omega = omega;
        _omegaSum = omega.Sum();
        _l2 = l2;
    }

    /// <summary>Softmax of θ x into <paramref name="probs"/> (length C = θ.Length / x.Length).</summary>
    public static void Probabilities(double[] theta, ReadOnlySpan<double> x, double[] probs)
    {
        var p = x.Length;
        var Classes = theta.Length / p;
        var max = double.NegativeInfinity;
        for (var k = 0; k < Classes; k++)
        {
            double z = 0;
            for (var f = 0; f < p; f++)
            {
                z += theta[(k * p) + f] * x[f];
            }

            probs[k] = z;
            max = Math.Max(max, z);
        }

        double sum = 0;
        for (var k = 0; k < Classes; k++)
        {
            probs[k] = Math.Exp(probs[k] - max);
            sum += probs[k];
        }

        for (var k = 0; k < Classes; k++)
        {
            probs[k] /= sum;
        }
    }

    public double Value(double[] theta)
    {
        var probs = new double[Classes];
        double loss = 0;
        for (var r = 0; r < _rows.Length; r++)
        {
            var i = _rows[r];
            Probabilities(theta, _design.AsSpan(i * _p, _p), probs);
            loss -= _omega[r] * Math.Log(Math.Max(probs[_labels[i]], 1e-300));
        }

        return (loss / _omegaSum) + (0.5 * _l2 * Penalty(theta));
    }

    /// <summary>
    /// Gradient and exact Hessian at θ. The lower triangles of the Hessian's blocks are accumulated row by row; with
    /// <paramref name="threads"/> &gt; 1 the feature rows a = 0..P−1 of every block are split between the threads (each
    /// thread visits every sample but owns its own Hessian rows), so every entry is summed in the same order whatever
    /// the thread count: the result is bit-for-bit the same for any number of threads.
    /// </summary>
    public (double[] Gradient, double[] Hessian) GradientAndHessian(double[] theta, int threads = 1)
    {
        var n = Classes * _p;
        var g = new double[n];
        var h = new double[n * n];
        var bounds = RowBands(_p, Math.Max(1, threads));
        if (bounds.Length == 2)
        {
            Accumulate(theta, g, h, 0, _p);
        }
        else
        {
            Parallel.For(0, bounds.Length - 1, new ParallelOptions { MaxDegreeOfParallelism = bounds.Length - 1 },
                t => Accumulate(theta, t == 0 ? g : null, h, bounds[t], bounds[t + 1]));
        }

        // Fill the symmetric Hessian from the lower blocks' lower triangles.
        for (var k = 0; k < Classes; k++)
        {
            for (var l = 0; l <= k; l++)
            {
                for (var a = 0; a < _p; a++)
                {
                    for (var b = 0; b < _p; b++)
                    {
                        var v = b <= a ? h[(((k * _p) + a) * n) + (l * _p) + b] : h[(((k * _p) + b) * n) + (l * _p) + a];
                        h[(((k * _p) + a) * n) + (l * _p) + b] = v;
                        h[(((l * _p) + b) * n) + (k * _p) + a] = v;
                    }
                }
            }
        }

        for (var k = 0; k < Classes; k++)
        {
            for (var f = 1; f < _p; f++)
            {
                var j = (k * _p) + f;
                g[j] += _l2 * theta[j];
                h[(j * n) + j] += _l2;
            }
        }

        return (g, h);
    }

    /// <summary>
    /// Adds every sample's gradient (when <paramref name="g"/> is given) and its Hessian terms for feature rows
    /// <paramref name="a0"/>..<paramref name="a1"/>−1 of each lower block: H[k,a][l,b] += ω p_k (δ_kl − p_l) x_a x_b, b ≤ a.
    /// </summary>
    private void Accumulate(double[] theta, double[]? g, double[] h, int a0, int a1)
    {
        var n = Classes * _p;
        var probs = new double[Classes];
        var outer = new double[_p * _p];
        for (var r = 0; r < _rows.Length; r++)
        {
            var i = _rows[r];
            var x = _design.AsSpan(i * _p, _p);
            Probabilities(theta, x, probs);
            var w = _omega[r] / _omegaSum;
            if (g is not null)
            {
                for (var k = 0; k < Classes; k++)
                {
                    var e = w * (probs[k] - (_labels[i] == k ? 1.0 : 0.0));
                    for (var f = 0; f < _p; f++)
                    {
                        g[(k * _p) + f] += e * x[f];
                    }
                }
            }

            for (var a = a0; a < a1; a++)
            {
                Scale(x[a], x[..(a + 1)], outer.AsSpan(a * _p, a + 1));
            }

            for (var k = 0; k < Classes; k++)
            {
                for (var l = 0; l <= k; l++)
                {
                    var c = w * probs[k] * ((k == l ? 1.0 : 0.0) - probs[l]);
                    for (var a = a0; a < a1; a++)
                    {
                        AddScaled(c, outer.AsSpan(a * _p, a + 1), h.AsSpan((((k * _p) + a) * n) + (l * _p), a + 1));
                    }
                }
            }
        }
    }

    /// <summary>dst[b] = s · x[b] (the product as the scalar loop forms it: one rounding).</summary>
    private static void Scale(double s, ReadOnlySpan<double> x, Span<double> dst)
    {
        var b = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<double>(s);
            for (; b <= x.Length - Vector<double>.Count; b += Vector<double>.Count)
            {
                (vs * new Vector<double>(x[b..])).CopyTo(dst[b..]);
            }
        }

        for (; b < x.Length; b++)
        {
            dst[b] = s * x[b];
        }
    }

    /// <summary>dst[b] += c · src[b], multiply then add (two roundings, no fused multiply-add, as the scalar loop).</summary>
    private static void AddScaled(double c, ReadOnlySpan<double> src, Span<double> dst)
    {
        var b = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c);
            for (; b <= src.Length - Vector<double>.Count; b += Vector<double>.Count)
            {
                (new Vector<double>(dst[b..]) + (vc * new Vector<double>(src[b..]))).CopyTo(dst[b..]);
            }
        }

        for (; b < src.Length; b++)
        {
            dst[b] += c * src[b];
        }
    }

    /// <summary>
    /// Splits feature rows 0..P−1 into at most <paramref name="threads"/> bands of about equal triangle area (row a
    /// costs a + 1): boundaries 0 = b_0 &lt; … &lt; b_m = P.
    /// </summary>
    internal static int[] RowBands(int p, int threads)
    {
        var bands = Math.Clamp(threads, 1, Math.Max(1, p / 8));
        var bounds = new List<int> { 0 };
        var total = (double)p * (p + 1) / 2;
        for (var t = 1; t < bands; t++)
        {
            // Rows below a carry a(a+1)/2 of the area: the smallest a with that ≥ t/bands of the total.
            var a = (int)Math.Ceiling((-1 + Math.Sqrt(1 + (8 * total * t / bands))) / 2);
            if (a > bounds[^1] && a < p)
            {
                bounds.Add(a);
            }
        }

        bounds.Add(p);
        return [.. bounds];
    }

    private double Penalty(double[] theta)
    {
        double s = 0;
        for (var k = 0; k < Classes; k++)
        {
            for (var f = 1; f < _p; f++)
            {
                s += theta[(k * _p) + f] * theta[(k * _p) + f];
            }
        }

        return s;
    }
}
