using System.Diagnostics;
using Kosmo.Experiment.Tests.Pipeline;

namespace Kosmo.Cli.Tests.Pipeline;

/// <summary><c>kosmo run</c> with the lightgbm baseline when its native library is missing: exit code and message.</summary>
public sealed class LightGbmLibraryTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("lgbm", seed: 5, threads: 2,
        SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.LogisticWithLightGbm(maxTrainSamples: 4000, maxRounds: 120, earlyStoppingRounds: 20),
        "baselines: [momentum_20d, lightgbm]");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-lgbm-lib-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Run_Should_ExitWithCode4NamingTheLibrary_When_TheLightGbmLibraryIsMissing()
    {
        // Given the experiment and KOSMO_LIGHTGBM_LIBRARY pointing at a missing file
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "lgbm.yaml");
        File.WriteAllText(config, Yaml.Replace("baselines: [momentum_20d, lightgbm]", "baselines: [lightgbm]", StringComparison.Ordinal));
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "run", "--config", config, "--out", Path.Combine(_root, "missing") })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["KOSMO_LIGHTGBM_LIBRARY"] = "/nonexistent/lib_lightgbm.so";
        psi.Environment["COLUMNS"] = "400";

        // When kosmo run is started
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        var text = stdout + await stderr;

        // Then it exits with 4 (a needed input is missing) and names the file and the variable
        p.ExitCode.Should().Be(4, text);
        text.Should().Contain("/nonexistent/lib_lightgbm.so").And.Contain("KOSMO_LIGHTGBM_LIBRARY");
    }
}
