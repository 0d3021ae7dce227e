using System.Buffers;
using System.Text;

namespace EcommerceMl.Ml.Data.Csv;

/// <summary>
/// A small streaming RFC-4180 parser: comma-separated, fields optionally in double quotes, a doubled
/// quote inside quotes is one quote, quoted fields may hold commas and line breaks. Line endings
/// may be \n, \r\n or \r. It tracks physical line numbers so that errors point at the line a
/// record starts on, even after quoted newlines. Blank lines carry no data and are skipped.
/// One instance reuses its buffers; it allocates only the field strings.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[1 << 16];
    private char[] _field = new char[256];
    private int _fieldLength;
    private int _position;
    private int _length;
    private int _line = 1;
    private bool _endOfInput;

    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");
    private readonly SearchValues<char> _plainStops;

    public CsvRecordReader(TextReader reader, char delimiter = ',')
    {
        _reader = reader;
        Delimiter = delimiter;
        _plainStops = SearchValues.Create([delimiter, '"', '\r', '\n']);
    }

    public char Delimiter { get; }

    /// <summary>Physical line (1-based) on which the last record read starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Why the last record is malformed (bad quoting), or null when it is well formed.</summary>
    public string? RecordError { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of input.</summary>
    public bool TryReadRecord(List<string> fields)
    {
        while (true)
        {
            fields.Clear();
            RecordError = null;
            var next = Peek();
            if (next < 0)
            {
                return false;
            }

            RecordLine = _line;
            if (next is '\n' or '\r')
            {
                ReadLineBreak();
                continue; // blank line: no data
            }

            ReadFields(fields);
            return true;
        }
    }

    private void ReadFields(List<string> fields)
    {
        while (true)
        {
            var endOfRecord = Peek() == '"' ? ReadQuotedField(fields.Count + 1) : ReadPlainField(fields.Count + 1);
            fields.Add(new string(_field, 0, _fieldLength));
            if (endOfRecord)
            {
                return;
            }
        }
    }

    /// <returns>True when the field ended the record (line break or end of input).</returns>
    private bool ReadPlainField(int column)
    {
        _fieldLength = 0;
        while (true)
        {
            var c = CopyUntil(_plainStops);
            if (EndsField(c, out var endsRecord))
            {
                return endsRecord;
            }

            RecordError ??= $"column {column} has a quote inside an unquoted field (quote the whole field and double the inner quotes)";
            Append((char)c);
        }
    }

    private bool ReadQuotedField(int column)
    {
        _fieldLength = 0;
        Read(); // the opening quote
        while (true)
        {
            var c = CopyUntil(QuotedStops);
            if (c < 0)
            {
                RecordError ??= $"column {column} opens a quoted field that is never closed";
                return true;
            }

            if (c == '"')
            {
                if (Peek() == '"')
                {
                    Read();
                    Append('"');
                    continue;
                }

                return AfterClosingQuote(column);
            }

            // A line break inside quotes is field content; it is stored as \n whatever the file used.
            FinishLineBreak(c);
            Append('\n');
        }
    }

    private bool AfterClosingQuote(int column)
    {
        while (true)
        {
            var c = Read();
            if (EndsField(c, out var endsRecord))
            {
                return endsRecord;
            }

            RecordError ??= $"column {column} has text after its closing quote";
            Append((char)c);
        }
    }

    /// <summary>
    /// Whether <paramref name="c"/> (already consumed) ends an unquoted field: the delimiter, a line
    /// break (a CRLF consumed whole) or the end of input (−1); the last two also end the record.
    /// </summary>
    private bool EndsField(int c, out bool endsRecord)
    {
        endsRecord = c < 0 || c is '\n' or '\r';
        if (c is '\n' or '\r')
        {
            FinishLineBreak(c);
        }

        return endsRecord || c == Delimiter;
    }

    private void ReadLineBreak() => FinishLineBreak(Read());

    private void FinishLineBreak(int c)
    {
        if (c == '\r' && Peek() == '\n')
        {
            Read();
        }

        _line++;
    }

    /// <summary>
    /// Appends the field's characters up to the next of <paramref name="stops"/> and returns that
    /// character, consumed; −1 at the end of the input. Copies whole runs at once: the hot path for big files.
    /// </summary>
    private int CopyUntil(SearchValues<char> stops)
    {
        while (_position < _length || Fill())
        {
            var pending = _buffer.AsSpan(_position, _length - _position);
            var stop = pending.IndexOfAny(stops);
            if (stop < 0)
            {
                Append(pending);
                _position = _length;
                continue;
            }

            Append(pending[..stop]);
            _position += stop + 1;
            return pending[stop];
        }

        return -1;
    }

    private void Append(ReadOnlySpan<char> run)
    {
        if (_fieldLength + run.Length > _field.Length)
        {
            Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + run.Length));
        }

        run.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += run.Length;
    }

    private void Append(char c)
    {
        if (_fieldLength == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldLength++] = c;
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Read()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    private bool Fill()
    {
        if (_endOfInput)
        {
            return false;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_length == 0)
        {
            _endOfInput = true;
            return false;
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Opens a file as UTF-8 (BOM honoured), transparently gunzipping *.gz files.</summary>
    public static CsvRecordReader Open(string path, char delimiter = ',', Encoding? encoding = null)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        }

        return new CsvRecordReader(new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16), delimiter);
    }
}
