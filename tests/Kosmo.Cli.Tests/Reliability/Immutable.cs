using System.Diagnostics;

namespace Kosmo.Cli.Tests.Reliability;

/// <summary>chattr +i / -i: makes a file or folder unwritable even for root (false when chattr is unavailable or refused).</summary>
internal static class Immutable
{
    public static bool Set(string path, bool on)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("chattr", [on ? "+i" : "-i", path]) { RedirectStandardError = true, RedirectStandardOutput = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
