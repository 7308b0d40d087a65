/** An `Output` that keeps what a command printed, for the assertions. */
export const capture = () => {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
};
