using System.Globalization;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// LibTorch 2.10 (TorchSharp-cpu 0.107) reference for Kosmo's TFT-Lite training-step figure.
/// Usage: dotnet TorchRef.dll [--form fullattn|lastday] [--steps 10] [--warmup 3] [--threads 2] [--check]
/// --check compares the two formulations' logits and gradients (same seed, eval mode) instead of timing.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var threads = int.Parse(Arg("--threads", "2"), CultureInfo.InvariantCulture);
        set_num_interop_threads(1);
        set_num_threads(threads);
        if (args.Contains("--check"))
        {
            return FormCheck.Run(Console.Out) ? 0 : 1;
        }

        var form = Arg("--form", "lastday");
        if (form is not ("lastday" or "fullattn"))
        {
            Console.Error.WriteLine($"unknown --form {form} (fullattn or lastday)");
            return 2;
        }

        Console.WriteLine($"libtorch_threads={get_num_threads()}");
        TrainBench.Run(form == "lastday", int.Parse(Arg("--steps", "10"), CultureInfo.InvariantCulture),
            int.Parse(Arg("--warmup", "3"), CultureInfo.InvariantCulture), Console.Out);
        return 0;
    }
}
