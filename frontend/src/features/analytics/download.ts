// Downloads of the tables a dashboard shows, with the same suppression as the screen.

/** Save text as a file. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** A CSV field, quoted. */
export const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;
