using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Tests.Tft;

/// <summary>
/// TFT-Lite in bf16 (<see cref="MixedPrecision"/>): its gradients against the fp32 gradients (which are checked against
/// central differences in <see cref="TftLiteTrainingTests"/>) within a stated tolerance, and training on a
/// real-data-shaped problem reaching the fp32 run's loss within a stated tolerance. Skipped (returns) where the CPU lacks
/// AVX512_BF16; fails where it has it but the bf16 kernels did not load.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class TftLiteBf16Tests
{
    private static bool Ready()
    {
        if (Bf16Native.IsAvailable)
        {
            return true;
        }

        Bf16Native.CpuHasBf16(out _).Should().BeFalse($"the CPU has AVX512_BF16, so the bf16 kernels should load: {Bf16Native.Status}");
        return false;
    }

    [Fact]
    public void Backward_Should_MatchTheFp32Gradients_When_RunInBf16()
    {
        if (!Ready())
        {
            return;
        }

        // Given a model at the real run's width (K=16, statics [3, 10] + 2 reals, D=32, H=4, L=12, B=32), no dropout
        var model = new TftLite(new TftLiteOptions(16, [3, 10], 2, Hidden: 32, Heads: 4, Classes: 3, Dropout: 0f, Seed: 4));
        var (x, cats, reals, y) = Problem(new Random(8), 32, 12, 16);

        // When the same loss is differentiated with fp32 products and with bf16 products
        var fp32 = Gradients(model, x, cats, reals, y, Precision.Fp32, out var lossFp32);
        var bf16 = Gradients(model, x, cats, reals, y, Precision.Bf16, out var lossBf16);

        // Then the loss agrees to 1e-2 and every parameter's gradient to 6 % in relative L2 norm (inputs carry 8 significant
        // bits, 2^-9 relative each, compounded over the model's chained products), and over all parameters to 2 %
        Math.Abs(lossBf16 - lossFp32).Should().BeLessThan(1e-2f);
        double diff = 0, norm = 0;
        for (var i = 0; i < fp32.Length; i++)
        {
            double d = 0, n = 0;
            for (var j = 0; j < fp32[i].Length; j++)
            {
                d += (bf16[i][j] - (double)fp32[i][j]) * (bf16[i][j] - (double)fp32[i][j]);
                n += fp32[i][j] * (double)fp32[i][j];
            }

            diff += d;
            norm += n;
            if (n > 1e-12)
            {
                Math.Sqrt(d / n).Should().BeLessThan(0.06, $"parameter {model.Parameters[i].Name}");
            }
        }

        Math.Sqrt(diff / norm).Should().BeLessThan(0.02);
        bf16.SelectMany(g => g).Should().NotEqual(fp32.SelectMany(g => g), "bf16 products must actually run");
    }

    [Fact]
    public void Training_Should_ReachTheFp32Loss_When_RunInBf16()
    {
        if (!Ready())
        {
            return;
        }

        // Given a real-data-shaped problem (B=64, L=20, K=16, statics [3, 10] + 2 reals, D=32) whose label depends on
        // the mean of the last 5 days of feature 0 (a momentum-like signal) plus noise
        var rng = new Random(21);
        var (x, cats, reals, y) = Problem(rng, 64, 20, 16);

        // When the same initial model trains 80 full-batch AdamW steps with fp32 products and with bf16 products
        var fp32 = Train(x, cats, reals, y, Precision.Fp32);
        var bf16 = Train(x, cats, reals, y, Precision.Bf16);

        // Then both learn (from about ln 3 ≈ 1.10) and bf16 ends within 0.05 (absolute) of fp32's training loss
        fp32.First.Should().BeGreaterThan(0.9f);
        fp32.Last.Should().BeLessThan(0.7f);
        Math.Abs(bf16.Last - fp32.Last).Should().BeLessThan(0.05f, $"fp32 {fp32.Last:F4}, bf16 {bf16.Last:F4}");
        bf16.Last.Should().NotBe(fp32.Last, "bf16 products must actually run");
    }

    private static (float First, float Last) Train(Tensor x, int[] cats, Tensor reals, int[] y, Precision precision)
    {
        var model = new TftLite(new TftLiteOptions(16, [3, 10], 2, Hidden: 32, Heads: 4, Classes: 3, Dropout: 0f, Seed: 9));
        var opt = new AdamW(model.Parameters, 3e-3f, weightDecay: 1e-4f);
        float first = 0, last = 0;
        using var scope = MixedPrecision.Scope(precision);
        for (var step = 0; step < 80; step++)
        {
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                var loss = Ops.CrossEntropy(model.ForwardLastStep(x, cats, reals, null).Logits, y);
                loss.Backward();
                opt.Step();
                last = loss.Item();
                first = step == 0 ? last : first;
            }
        }

        return (first, last);
    }

    private static float[][] Gradients(TftLite model, Tensor x, int[] cats, Tensor reals, int[] y, Precision precision, out float loss)
    {
        using var scope = MixedPrecision.Scope(precision);
        using (TensorArena.Scope())
        {
            foreach (var p in model.Parameters)
            {
                p.ZeroGrad();
            }

            var l = Ops.CrossEntropy(model.ForwardLastStep(x, cats, reals, null).Logits, y);
            l.Backward();
            loss = l.Item();
            return [.. model.Parameters.Select(p => (float[])p.GradBuffer().Clone())];
        }
    }

    // Windows of standard-normal features; label 0/1/2 by the tercile of mean(x[t-4..t, 0]) + 0.3·noise.
    private static (Tensor X, int[] Cats, Tensor Reals, int[] Y) Problem(Random rng, int b, int l, int k)
    {
        var x = Tensor.Randn(rng, 1f, b, l, k);
        var cats = Enumerable.Range(0, b).SelectMany(_ => new[] { rng.Next(3), rng.Next(10) }).ToArray();
        var reals = Tensor.Randn(rng, 1f, b, 2);
        var score = new double[b];
        for (var i = 0; i < b; i++)
        {
            for (var t = l - 5; t < l; t++)
            {
                score[i] += x.Data[(((i * l) + t) * k) + 0] / 5.0;
            }

            score[i] += 0.3 * ((rng.NextDouble() * 2) - 1);
        }

        var sorted = score.Order().ToArray();
        double lo = sorted[b / 3], hi = sorted[2 * b / 3];
        var y = score.Select(s => s < lo ? 0 : s < hi ? 1 : 2).ToArray();
        return (x, cats, reals, y);
    }
}
