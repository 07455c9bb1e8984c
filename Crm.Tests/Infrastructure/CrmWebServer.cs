namespace Crm.Tests.Infrastructure;

/// <summary>
/// The real host on a real Kestrel port (a browser cannot talk to the in-memory test server),
/// on a fresh SQLite file like <see cref="CrmApp"/>.
/// </summary>
public sealed class CrmWebServer : CrmApp
{
    private CrmWebServer(TimeProvider? time, IDictionary<string, string?>? settings) : base(time, settings)
    {
    }

    public static CrmWebServer Start(TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var server = new CrmWebServer(time, settings);
        server.UseKestrel(0);
        server.StartServer();
        return server;
    }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');
}
