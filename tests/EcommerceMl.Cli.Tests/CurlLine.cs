using System.Text;

namespace EcommerceMl.Cli.Tests;

/// <summary>Reads back the curl lines `ecml serve` prints (single-quoted POSIX arguments) into an HTTP request.</summary>
internal sealed record CurlLine(HttpMethod Method, Uri Url, string? Body)
{
    public static CurlLine Parse(string line)
    {
        var args = Split(line);
        Assert.Equal("curl", args[0]);
        var method = HttpMethod.Get;
        string? url = null;
        string? body = null;
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-s":
                    break;
                case "-X":
                    method = new HttpMethod(args[++i]);
                    break;
                case "-H":
                    Assert.Equal("Content-Type: application/json", args[++i]);
                    break;
                case "-d":
                    body = args[++i];
                    break;
                default:
                    url = args[i];
                    break;
            }
        }

        Assert.NotNull(url);
        return new CurlLine(method, new Uri(url), body);
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inToken = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\'')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '\'')
            {
                quoted = true;
                inToken = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
