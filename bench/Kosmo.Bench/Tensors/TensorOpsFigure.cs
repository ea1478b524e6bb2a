using System.Diagnostics;
using System.Globalization;
using Kosmo.Tensors;

namespace Kosmo.Bench.Tensors;

/// <summary>
/// Per-op forward+backward milliseconds at TFT-Lite sizes (B·L = 15360 rows, D = 64), to see where a training step
/// spends its time: <c>op_ms_NAME=</c> lines (median of repeats, threads from KOSMO_THREADS, default 2).
/// </summary>
public sealed class TensorOpsFigure : IFigure
{
    public string Name => "tensor-ops";

    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_THREADS"), out var t) ? t : 2;
        var rng = new Random(1);
        int b = 256, l = 60, d = 64;
        var x = Leaf(Tensor.Randn(rng, 1f, b, l, d));
        var w = Parameter.CreateNormal("w", rng, 0.1f, d, d);
        var w2 = Parameter.CreateNormal("w2", rng, 0.1f, 2 * d, d);
        var bias = Parameter.CreateZeros("b", d);
        var g = Parameter.CreateZeros("g", d);
        var lw = Parameter.CreateNormal("lw", rng, 0.1f, 4 * d, d);
        var lh = Parameter.CreateNormal("lh", rng, 0.1f, 4 * d, d);
        var lb = Parameter.CreateZeros("lb", 4 * d);
        var h0 = Leaf(Tensor.Randn(rng, 0.5f, b, d));
        var q = Leaf(Tensor.Randn(rng, 1f, b, l, 16));
        var mask = Ops.CausalMask(l);
        var drop = new Random(3);
        var reps = quick ? 3 : 7;
        Time(output, "linear_64x64", reps, () => Ops.Linear(x, w, bias));
        Time(output, "linear_64x128", reps, () => Ops.Linear(x, w2, null));
        Time(output, "elu", reps, () => Ops.Elu(x));
        Time(output, "dropout", reps, () => Ops.Dropout(x, 0.1f, drop));
        Time(output, "glu", reps, () => Ops.Glu(Ops.Reshape(x, b, l / 2, 2 * d)));
        Time(output, "add", reps, () => Ops.Add(x, x));
        Time(output, "layernorm", reps, () => Ops.LayerNorm(x, g, bias));
        Time(output, "lstm", reps, () => Ops.Lstm(x, h0, h0, lw, lh, lb));
        Time(output, "attention_head", reps, () => Ops.BatchMatMul(Ops.Softmax(Ops.BatchMatMul(q, q, transB: true), mask), q));
        Time(output, "stack16", reps, () => Ops.Stack(Enumerable.Repeat(x, 16).ToArray(), 2));
        Time(output, "slice_of_16", reps, () => Ops.Slice(Ops.Reshape(x, b, l, 16, 4), 2, 3, 1));
    }

    private static Parameter Leaf(Tensor t)
    {
        var p = new Parameter("leaf", t.Data, t.Shape);
        return p;
    }

    private static void Time(TextWriter output, string name, int reps, Func<Tensor> op)
    {
        var times = new List<double>();
        for (var r = 0; r < reps + 1; r++)
        {
            var sw = Stopwatch.StartNew();
            using (TensorArena.Scope())
            {
                var y = op();
                Ops.SumAll(y).Backward();
            }

            if (r > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"op_ms_{name}={times[times.Count / 2]:F2}"));
    }
}
