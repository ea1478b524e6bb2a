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

    public (double[] Gradient, double[] Hessian) GradientAndHessian(double[] theta)
    {
        var n = Classes * _p;
        var g = new double[n];
        var h = new double[n * n];
        var probs = new double[Classes];
        var outer = new double[_p * _p];
        for (var r = 0; r < _rows.Length; r++)
        {
            var i = _rows[r];
            var x = _design.AsSpan(i * _p, _p);
            Probabilities(theta, x, probs);
            var w = _omega[r] / _omegaSum;
            for (var k = 0; k < Classes; k++)
            {
                var e = w * (probs[k] - (_labels[i] == k ? 1.0 : 0.0));
                for (var f = 0; f < _p; f++)
                {
                    g[(k * _p) + f] += e * x[f];
                }
            }

            for (var a = 0; a < _p; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    outer[(a * _p) + b] = x[a] * x[b];
                }
            }

            for (var k = 0; k < Classes; k++)
            {
                for (var l = 0; l <= k; l++)
                {
                    var c = w * probs[k] * ((k == l ? 1.0 : 0.0) - probs[l]);
                    for (var a = 0; a < _p; a++)
                    {
                        var row = ((k * _p) + a) * n;
                        for (var b = 0; b <= a; b++)
                        {
                            h[row + (l * _p) + b] += c * outer[(a * _p) + b];
                        }
                    }
                }
            }
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
