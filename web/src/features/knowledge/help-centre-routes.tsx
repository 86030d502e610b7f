import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../shell/not-found-page';
import { HelpArticlePage } from './help-article-page';
import { HelpCategoryPage } from './help-category-page';
import { HelpHomePage } from './help-home-page';
import { HelpSearchPage } from './help-search-page';
import { HelpShell } from './help-shell';

/** The public help centre (/help): no sign-in needed; who is signed in decides what they see. */
export default function HelpCentreRoutes() {
  return (
    <Routes>
      <Route element={<HelpShell />}>
        <Route index element={<HelpHomePage />} />
        <Route path="search" element={<HelpSearchPage />} />
        <Route path="categories/:categoryId" element={<HelpCategoryPage />} />
        <Route path="articles/:articleId" element={<HelpArticlePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
