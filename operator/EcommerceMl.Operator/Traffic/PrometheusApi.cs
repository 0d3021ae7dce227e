using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace EcommerceMl.Operator.Traffic;

/// <summary>Where the operator's Prometheus is and how it signs in: a bearer token, or a user name and password (basic auth), or neither.</summary>
public sealed record PrometheusSettings(Uri Url, string? BearerToken = null, string? Username = null, string? Password = null)
{
    /// <summary>The address without credentials, for messages.</summary>
    public string Display => Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
}

/// <summary>
/// Prometheus's HTTP API, the one call the analysis needs: an instant query at a given time
/// (<c>POST /api/v1/query</c>, form-encoded, so a long Pod list does not outgrow a URL). Thin: the answer's parsing
/// is <see cref="PrometheusAnswer"/>'s; every way of not getting one (unreachable, timeout, an HTTP error, an error
/// answer) is a <see cref="QueryOutcome.Failed"/> with Prometheus's own words, never an exception.
/// </summary>
public sealed class PrometheusApi(HttpClient http, PrometheusSettings settings)
{
    public PrometheusSettings Settings => settings;

    /// <summary>The instant vector of <paramref name="query"/> at <paramref name="at"/>, each sample named <paramref name="name"/>.</summary>
    public async Task<QueryOutcome> QueryAsync(string query, DateTime at, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Url.AbsoluteUri.TrimEnd('/') + "/api/v1/query"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["query"] = query,
                ["time"] = (new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture),
            }),
        };
        if (settings.BearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (settings.Username is { Length: > 0 } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{settings.Password}")));
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Prometheus answers a bad query (400) or a failed evaluation (422, 503) with its error JSON: quote it.
                return QueryOutcome.Of(PrometheusAnswer.Parse(body, name));
            }
            catch (PrometheusQueryException e)
            {
                return QueryOutcome.Failed(response.IsSuccessStatusCode ? e.Message : $"HTTP {(int)response.StatusCode}: {e.Message}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return QueryOutcome.Failed(e is TaskCanceledException ? FormattableString.Invariant($"no answer within {http.Timeout.TotalSeconds:0.#} s") : e.Message);
        }
    }
}
