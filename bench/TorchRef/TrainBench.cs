using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// The timed loop: the reference's training step (zero_grad, forward, cross-entropy, backward, AdamW with PyTorch's
/// defaults: lr 1e-3, weight decay 0.01) at B=256, L=60, K=16, static cats [3, 10], 2 static reals, D=64, H=4, dropout
/// 0.1 (train mode), on one fixed batch; each step inside a dispose scope (its temporaries freed at once, as Python's
/// reference counting does); warm-up steps, then the median wall and CPU time of the measured steps (as Kosmo's figure).
/// </summary>
internal static class TrainBench
{
    /// <summary>Batch size.</summary>
    public const int Batch = 256;

    /// <summary>Runs the loop and prints name=value lines prefixed libtorch_{form}_.</summary>
    /// <param name="lastDayOnly">The forecast-day formulation instead of full attention.</param>
    /// <param name="steps">Measured steps.</param>
    /// <param name="warmup">Warm-up steps.</param>
    /// <param name="output">Where the lines go.</param>
    public static void Run(bool lastDayOnly, int steps, int warmup, TextWriter output)
    {
        var form = lastDayOnly ? "lastday" : "fullattn";
        manual_seed(0);
        var model = new TftLite(16, [3, 10], 2, 64, 4, lastDayOnly);
        model.train();
        var opt = optim.AdamW(model.parameters(), lr: 1e-3, weight_decay: 0.01);
        var (x, sCat, sReal, y) = MakeBatch(Batch, 60, 16);
        var proc = Process.GetCurrentProcess();
        var wall = new List<double>();
        var cpu = new List<double>();
        var optMs = new List<double>();
        double loss = 0;
        for (var step = 0; step < warmup + steps; step++)
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            double tOpt;
            using (NewDisposeScope())
            {
                opt.zero_grad();
                var logits = model.call(x, sCat, sReal);
                var l = nn.functional.cross_entropy(logits, y);
                l.backward();
                tOpt = sw.Elapsed.TotalMilliseconds;
                opt.step();
                loss = l.item<float>();
            }

            sw.Stop();
            proc.Refresh();
            if (step >= warmup)
            {
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
                optMs.Add(sw.Elapsed.TotalMilliseconds - tOpt);
            }
        }

        var stepMs = Median(wall);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"libtorch_{form}_samples_per_s={Batch * 1000.0 / stepMs:F1}"));
        output.WriteLine(string.Create(inv, $"libtorch_{form}_step_ms={stepMs:F1}"));
        output.WriteLine(string.Create(inv, $"libtorch_{form}_cpu_ms_per_step={Median(cpu):F1}"));
        output.WriteLine(string.Create(inv, $"libtorch_{form}_adamw_ms={Median(optMs):F1}"));
        output.WriteLine(string.Create(inv, $"libtorch_{form}_loss={loss:F4}"));
        output.WriteLine(string.Create(inv, $"libtorch_params={model.parameters().Sum(p => p.numel())}"));
    }

    /// <summary>The fixed batch: x ~ N(0, 1) (B, L, K), category ids below 3 and 10, 2 static reals, labels below 3.</summary>
    public static (Tensor X, Tensor SCat, Tensor SReal, Tensor Y) MakeBatch(int b, int l, int k)
    {
        var x = randn(b, l, k);
        var sCat = stack([randint(0, 3, [b]), randint(0, 10, [b])], 1);
        var sReal = randn(b, 2);
        var y = randint(0, 3, [b]);
        return (x, sCat, sReal, y);
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
