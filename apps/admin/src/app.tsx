import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { AppProvider } from './app/provider';
import { routes } from './app/router';

export function App() {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
