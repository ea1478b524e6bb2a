using System.Globalization;
using Kosmo.Models.Kernels;

namespace Kosmo.Bench.Tft;

/// <summary>
/// Nanoseconds per (row, variable) of the VSN bank's element-wise row kernels at D = 64 on one 256-row tile, one thread,
/// thread CPU time, best of 9: the ELU of the rank-one fc2, the bias + dropout mask pass, the GLU + LayerNorm +
/// combine forward row kernel and its backward (one row at a time, and two interleaved); forward times include
/// copying the tile's gate buffer back (copy_only). (A training step runs each 245,760 times: B·L = 15,360 rows × K = 16.)
/// </summary>
public sealed class BankRowsFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "bank-rows";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        const int d = 64, rows = 256;
        var rng = new Random(5);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        float[] u = R(d), c = R(d), w = R(d), b = R(d), gamma = R(d), beta = R(d), bias2 = R(2 * d), s = R(rows), sel = R(rows);
        var e = new float[rows * d];
        var gate0 = R(rows * 2 * d);
        var gate = (float[])gate0.Clone();
        var h2 = R(rows * d);
        var outRows = new float[rows * d];
        var scratch = new float[2 * d];
        var gGate = new float[2 * d];
        var partials = new float[6 * d];
        var gout = R(d);
        var stats = new (float, float)[rows];
        var reps = quick ? 20 : 200;
        var ic = CultureInfo.InvariantCulture;
        void Time(string name, Action body)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 9; round++)
            {
                var t0 = ThreadClock.Ms();
                for (var r = 0; r < reps; r++)
                {
                    body();
                }

                best = Math.Min(best, (ThreadClock.Ms() - t0) * 1e6 / ((double)reps * rows));
            }

            output.WriteLine(string.Create(ic, $"bank_rows_{name}_ns_per_row={best:F1}"));
        }

        Time("elu", () =>
        {
            for (var r = 0; r < rows; r++)
            {
                BankRows.EluAffine(s[r], u, c, e.AsSpan(r * d, d));
            }
        });
        Time("bias_mask", () => BankMath.AddBiasMask(12345UL, 0, h2, bias2.AsSpan(0, d), true, 0.1f, 1f / 0.9f));
        Time("forward", () =>
        {
            gate0.CopyTo(gate, 0);
            for (var r = 0; r < rows; r++)
            {
                stats[r] = BankRows.Forward(gate.AsSpan(r * 2 * d, 2 * d), bias2, s[r], w, b, gamma, beta, sel[r], scratch, outRows.AsSpan(r * d, d), 1e-5f);
            }
        });
        if (BankRows.Wide(d))
        {
            Time("forward_pair", () =>
            {
                gate0.CopyTo(gate, 0);
                for (var r = 0; r < rows; r += 2)
                {
                    var (ma, ra, mb, rb) = BankRows.ForwardPair(gate.AsSpan(r * 2 * d, 4 * d), bias2, s[r], s[r + 1], w, b, gamma, beta, sel[r], sel[r + 1],
                        scratch, outRows.AsSpan(r * d, 2 * d), 1e-5f);
                    stats[r] = (ma, ra);
                    stats[r + 1] = (mb, rb);
                }
            });
        }

        Time("copy_only", () => gate0.CopyTo(gate, 0));
        if (BankRows.Wide(d))
        {
            var scratch4 = new float[4 * d];
            var gout2 = R(2 * d);
            var gGate2 = new float[4 * d];
            Time("backward_pair", () =>
            {
                for (var r = 0; r < rows; r += 2)
                {
                    BankRows.BackwardPair(gate.AsSpan(r * 2 * d, 4 * d), s[r], s[r + 1], w, b, gamma, beta, sel[r], sel[r + 1], stats[r].Item1,
                        stats[r].Item2, stats[r + 1].Item1, stats[r + 1].Item2, gout2, gGate2, partials, scratch4);
                }
            });
        }

        Time("backward", () =>
        {
            for (var r = 0; r < rows; r++)
            {
                BankRows.Backward(gate.AsSpan(r * 2 * d, 2 * d), s[r], w, b, gamma, beta, sel[r], stats[r].Item1, stats[r].Item2, gout, gGate, partials, scratch);
            }
        });
    }
}
