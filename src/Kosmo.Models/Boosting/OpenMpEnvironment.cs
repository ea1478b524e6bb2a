using System.Runtime.InteropServices;

namespace Kosmo.Models.Boosting;

/// <summary>
/// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the process's native environment before lib_lightgbm (and so libgomp) is
/// loaded, unless the user set it. libgomp's default lets idle OpenMP threads spin for a while after each parallel
/// region; on a busy 2-core machine those spinning threads starve the others (a 2-thread test fit took 31 s instead
/// of 2 s at a load average of 30) and they would compete with Kosmo's own tensor threads after a fit. Results do not
/// depend on the wait policy. <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach the
/// native environment on Unix, hence libc's setenv.
/// </summary>
internal static partial class OpenMpEnvironment
{
    /// <summary>Sets the policy once (no-op on Windows or when OMP_WAIT_POLICY is already set).</summary>
    public static void PreferPassiveWaiting()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
        {
            return;
        }

        _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
