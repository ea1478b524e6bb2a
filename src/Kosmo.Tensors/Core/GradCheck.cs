using System.Globalization;

namespace Kosmo.Tensors;

/// <summary>
/// Checks an op's backward against central finite differences. The function is reduced to a scalar
/// s = Σ rᵢ·yᵢ with fixed random weights r ∈ [-1, 1] (so symmetric ops such as softmax cannot hide errors);
/// s is summed in float64 from the float32 outputs, the inputs are perturbed by ±<c>eps</c> (the step actually
/// representable in float32 is used), and numeric = (s(x+h) − s(x−h)) / 2h. An element fails when
/// |analytic − numeric| &gt; atol + rtol·|numeric|. Defaults are in <see cref="Options"/>.
/// Usage: <c>GradCheck.Assert(xs =&gt; Ops.Tanh(xs[0]), x);</c>
/// </summary>
public static class GradCheck
{
    /// <summary>Tolerances. Defaults: Eps 3e-3, Atol 2e-3, Rtol 2e-2, at most 200 checked elements per input.</summary>
    /// <param name="Eps">Finite-difference half step.</param>
    /// <param name="Atol">Absolute tolerance.</param>
    /// <param name="Rtol">Relative tolerance (to the numeric derivative).</param>
    /// <param name="MaxElementsPerInput">Larger inputs are checked on an evenly spread sample.</param>
    /// <param name="Seed">Seed of the output weights r.</param>
    public sealed record Options(double Eps = 3e-3, double Atol = 2e-3, double Rtol = 2e-2, int MaxElementsPerInput = 200, int Seed = 12345);

    /// <summary>
    /// Runs the check and returns a description of every failing element (empty when all pass).
    /// <paramref name="f"/> must be deterministic (re-seed any dropout inside it). All <paramref name="inputs"/>
    /// that are not <see cref="Parameter"/>s are marked as requiring gradients.
    /// </summary>
    public static IReadOnlyList<string> Check(Func<Tensor[], Tensor> f, Tensor[] inputs, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? new Options();
        foreach (var t in inputs)
        {
            t.RequiresGrad = true;
            t.Grad = null;
        }

        Tape.Clear();
        var y = f(inputs);
        var rng = new Random(o.Seed);
        var r = new float[y.Size];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var loss = Ops.SumAll(Ops.Mul(y, new Tensor(r, y.Shape)));
        loss.Backward();
        var failures = new List<string>();
        for (var k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var analytic = x.Grad is null ? new float[x.Size] : (float[])x.Grad.Clone();
            var stride = Math.Max(1, x.Size / Math.Max(1, o.MaxElementsPerInput));
            for (var i = 0; i < x.Size; i += stride)
            {
                var orig = x.Data[i];
                var plus = (float)(orig + o.Eps);
                var minus = (float)(orig - o.Eps);
                x.Data[i] = plus;
                var sp = Eval(f, inputs, r);
                x.Data[i] = minus;
                var sm = Eval(f, inputs, r);
                x.Data[i] = orig;
                var numeric = (sp - sm) / ((double)plus - minus);
                var err = Math.Abs(analytic[i] - numeric);
                if (!(err <= o.Atol + (o.Rtol * Math.Abs(numeric))))
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"input {k} element {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}, |diff| {err:G3}"));
                }
            }
        }

        foreach (var t in inputs)
        {
            t.Grad = null;
        }

        return failures;
    }

    /// <summary>Runs <see cref="Check"/> and throws when any element fails.</summary>
    /// <exception cref="InvalidOperationException">Lists the first failing elements.</exception>
    public static void Assert(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert(f, null, inputs);

    /// <summary>Runs <see cref="Check"/> with <paramref name="options"/> and throws when any element fails.</summary>
    /// <exception cref="InvalidOperationException">Lists the first failing elements.</exception>
    public static void Assert(Func<Tensor[], Tensor> f, Options? options, params Tensor[] inputs)
    {
        var failures = Check(f, inputs, options);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"Gradient check failed on {failures.Count} element(s):\n" + string.Join("\n", failures.Take(10)));
        }
    }

    private static double Eval(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] r)
    {
        using var scope = NoGrad.Scope();
        var y = f(inputs);
        double s = 0;
        for (var i = 0; i < r.Length; i++)
        {
            s += (double)r[i] * y.Data[i];
        }

        return s;
    }
}
