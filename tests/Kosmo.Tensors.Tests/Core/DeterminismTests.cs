using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Tensors.Tests.Core;

/// <summary>Bit-for-bit reproducibility of a small training loop (LSTM, attention, layer norm, dropout, AdamW).</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Training_Should_GiveIdenticalBits_When_RepeatedAtFixedThreadCount()
    {
        var saved = TensorThreads.Count;
        try
        {
            TensorThreads.Count = 2;
            var a = Train();
            var b = Train();
            b.Should().Equal(a);

            // Static partitioning never changes per-element arithmetic, so one thread gives the same bits too.
            TensorThreads.Count = 1;
            Train().Should().Equal(a);
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    private static float[] Train()
    {
        var rng = new Random(42);
        int b = 32, l = 12, d = 16;
        var wIh = Parameter.CreateUniform("w_ih", rng, 0.25f, 4 * d, 3);
        var wHh = Parameter.CreateUniform("w_hh", rng, 0.25f, 4 * d, d);
        var bias = Parameter.CreateZeros("b", 4 * d);
        var g = new Parameter("g", Enumerable.Repeat(1f, d).ToArray(), d);
        var beta = Parameter.CreateZeros("beta", d);
        var head = Parameter.CreateUniform("head", rng, 0.25f, 3, d);
        var ps = new[] { wIh, wHh, bias, g, beta, head };
        var opt = new AdamW(ps, 1e-2);
        var x = Tensor.Randn(rng, 1f, b, l, 3);
        var h0 = Tensor.Zeros(b, d);
        var y = Enumerable.Range(0, b).Select(i => i % 3).ToArray();
        var drop = new Random(7);
        for (var step = 0; step < 5; step++)
        {
            opt.ZeroGrad();
            using (TensorArena.Scope())
            {
                var h = Ops.Lstm(x, h0, h0, wIh, wHh, bias);
                var att = Ops.Dropout(Ops.Softmax(Ops.BatchMatMul(h, h, transB: true), Ops.CausalMask(l)), 0.1f, drop);
                var z = Ops.LayerNorm(Ops.Add(h, Ops.BatchMatMul(att, h)), g, beta);
                var logits = Ops.Linear(Ops.Reshape(Ops.Slice(z, 1, l - 1, 1), b, d), head, null);
                Ops.CrossEntropy(logits, y).Backward();
            }

            opt.Step();
        }

        return ps.SelectMany(p => p.ToArray()).ToArray();
    }
}
