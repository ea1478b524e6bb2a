using System.Globalization;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// Functional check of the port: the two formulations, built from the same seed (so with the same weights), in eval
/// mode (no dropout) must give the same logits and the same gradients up to float rounding.
/// </summary>
internal static class FormCheck
{
    /// <summary>Runs the check and prints the largest differences.</summary>
    /// <returns>True when both stay under 1e-4.</returns>
    public static bool Run(TextWriter output)
    {
        var grads = new List<Tensor>[2];
        var logits = new Tensor[2];
        var (x, sCat, sReal, y) = (default(Tensor)!, default(Tensor)!, default(Tensor)!, default(Tensor)!);
        for (var f = 0; f < 2; f++)
        {
            manual_seed(0);
            var model = new TftLite(16, [3, 10], 2, 64, 4, lastDayOnly: f == 1);
            if (f == 0)
            {
                (x, sCat, sReal, y) = TrainBench.MakeBatch(32, 60, 16);
            }

            model.eval();
            logits[f] = model.call(x, sCat, sReal);
            nn.functional.cross_entropy(logits[f], y).backward();
            grads[f] = model.parameters().Select(p => p.grad!.clone()).ToList();
        }

        var dLogits = (logits[0] - logits[1]).abs().max().item<float>();
        var dGrad = grads[0].Zip(grads[1], (a, b) => (a - b).abs().max().item<float>()).Max();
        var scale = grads[0].Max(g => g.abs().max().item<float>());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check_max_logit_diff={dLogits:E2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check_max_grad_diff={dGrad:E2} (largest gradient {scale:E2})"));
        var ok = dLogits < 1e-4 && dGrad < 1e-4;
        output.WriteLine($"check={(ok ? "ok" : "FAILED")}");
        return ok;
    }
}
