// Vite's `?url` imports (vite/client declares them; this page needs only this one).
declare module '*?url' {
  const url: string;
  export default url;
}
