namespace Crm.Tests.Infrastructure;

public static class Wait
{
    /// <summary>
    /// Polls until <paramref name="probe"/> gives a value (not null, not false), for work a background server
    /// does on its own schedule. The limit is generous: a loaded two-core machine is slow, not wrong.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (value is not null && !(value is bool b && !b))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {seconds} s.");
            }
            await Task.Delay(100);
        }
    }
}
