using System.Globalization;

namespace Crm.Benchmarks;

/// <summary>Resident memory of a process from /proc (Linux): VmRSS now, VmHWM the peak since start or the last reset.</summary>
public static class ProcessMemory
{
    public static double RssMb(int pid) => Read(pid, "VmRSS:");

    public static double PeakMb(int pid) => Read(pid, "VmHWM:");

    /// <summary>Starts a new peak: writing 5 to clear_refs resets VmHWM to the current RSS.</summary>
    public static void ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not permitted here: the peak is then the peak since the process started.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double Read(int pid, string key)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return double.NaN;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
