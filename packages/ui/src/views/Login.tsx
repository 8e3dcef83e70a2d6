/**
 * The token form, shown when the API refuses the page (401/403: `miniplane up --tls`). The token
 * goes to this tab's sessionStorage (see api/token.ts) and the store starts over with it.
 */
import { useState } from 'preact/hooks';
import { saveToken } from '../api/token.js';

export function Login({ onToken }: { onToken: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="login"
      onSubmit={(e) => {
        e.preventDefault();
        saveToken(value.trim());
        setValue('');
        onToken();
      }}
    >
      <label>
        Bearer token (the kubeconfig's <code>users[0].user.token</code>)
        <input type="password" autocomplete="off" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Connect</button>
    </form>
  );
}
