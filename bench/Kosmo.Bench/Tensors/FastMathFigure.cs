using System.Globalization;
using System.Numerics.Tensors;
using Kosmo.Bench.Tft;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Tensors;

/// <summary>
/// Nanoseconds per element of exp, σ and tanh over 64K floats in [−10, 10], one thread, thread CPU time, best of 9:
/// the BCL's <see cref="TensorPrimitives"/> (widens float lanes to double) against <see cref="FastMath"/> (float lanes).
/// </summary>
public sealed class FastMathFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "fast-math";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        const int n = 1 << 16;
        var rng = new Random(3);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 20) - 10);
        }

        var y = new float[n];
        (string Name, Action Body)[] cases =
        [
            ("exp_bcl", () => TensorPrimitives.Exp(x, y)),
            ("exp_fast", () => FastMath.Exp(x, y)),
            ("sigmoid_bcl", () => TensorPrimitives.Sigmoid(x, y)),
            ("sigmoid_fast", () => FastMath.Sigmoid(x, y)),
            ("tanh_bcl", () => TensorPrimitives.Tanh(x, y)),
            ("tanh_fast", () => FastMath.Tanh(x, y)),
        ];
        var ic = CultureInfo.InvariantCulture;
        var reps = quick ? 20 : 200;
        foreach (var (name, body) in cases)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 9; round++)
            {
                var t0 = ThreadClock.Ms();
                for (var r = 0; r < reps; r++)
                {
                    body();
                }

                best = Math.Min(best, (ThreadClock.Ms() - t0) * 1e6 / ((double)reps * n));
            }

            output.WriteLine(string.Create(ic, $"{name}_ns_per_element={best:F3}"));
        }
    }
}
