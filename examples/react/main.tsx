import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(<App src={params.get('src') ?? undefined} />);
